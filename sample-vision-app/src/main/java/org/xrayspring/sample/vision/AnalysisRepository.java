package org.xrayspring.sample.vision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

import org.xrayspring.sample.vision.rekognition.DetectedLabel;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Stores analyses with Spring JDBC (table {@code analysis}, created by {@code schema.sql}
 * at start).
 *
 * @author xray-spring-boot
 */
@Repository
public class AnalysisRepository {

	private static final TypeReference<List<DetectedLabel>> LABELS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper mapper;

	AnalysisRepository(JdbcClient jdbc, JsonMapper mapper) {
		this.jdbc = jdbc;
		this.mapper = mapper;
	}

	/**
	 * Store an analysis.
	 * @param analysis the analysis
	 * @return the analysis with its id
	 */
	public Analysis save(Analysis analysis) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO analysis (created_at, source, image_name, top_label, labels, error, duration_ms)"
					+ " VALUES (:createdAt, :source, :imageName, :topLabel, :labels, :error, :durationMs)")
			.param("createdAt", Timestamp.from(analysis.createdAt()))
			.param("source", truncate(analysis.source(), 2048))
			.param("imageName", truncate(analysis.imageName(), 255))
			.param("topLabel", truncate(analysis.topLabel(), 255))
			.param("labels", this.mapper.writeValueAsString(analysis.labels()))
			.param("error", truncate(analysis.error(), 1000))
			.param("durationMs", analysis.durationMillis())
			.update(keys, "id");
		Number id = keys.getKey();
		return new Analysis((id != null) ? id.longValue() : null, analysis.createdAt(), analysis.source(),
				analysis.imageName(), analysis.labels(), analysis.error(), analysis.durationMillis());
	}

	/**
	 * Return the most recent analyses.
	 * @param limit how many at most
	 * @return the analyses, newest first
	 */
	public List<Analysis> recent(int limit) {
		return this.jdbc
			.sql("SELECT id, created_at, source, image_name, labels, error, duration_ms FROM analysis"
					+ " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	private Analysis map(ResultSet row, int rowNum) throws SQLException {
		String labels = row.getString("labels");
		return new Analysis(row.getLong("id"), row.getTimestamp("created_at").toInstant(), row.getString("source"),
				row.getString("image_name"), (labels != null) ? this.mapper.readValue(labels, LABELS) : List.of(),
				row.getString("error"), row.getLong("duration_ms"));
	}

	private static String truncate(String value, int max) {
		return (value != null && value.length() > max) ? value.substring(0, max) : value;
	}

}
