package org.xrayspring.console.api;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The console's own JSON mapper, for request bodies and responses. It is not the
 * application's mapper: an application embedding the console may configure its mapper in
 * ways (naming strategies, inclusion, indentation) that would change the response shapes
 * the AWS SDKs, the CLI and the web UI parse.
 * <p>
 * Responses are records, written with their properties in declaration order. X-Ray shapes
 * name their components after the API's members with the first letter in lower case
 * ({@code traceSummaries} for {@code TraceSummaries}, see {@link XRayShape}); members
 * whose names that does not produce are named explicitly.
 *
 * @author xray-spring-boot
 */
final class ApiJson {

	/**
	 * Reads request bodies within tight bounds (no request nests deeper or carries longer
	 * numbers) and writes responses.
	 */
	static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(64).build())
			.build())
		.disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
		.build();

	private ApiJson() {
	}

	/**
	 * Finish a response with a JSON body.
	 * @param response the response so far
	 * @param body the body, a record
	 * @return the response
	 */
	static ServerResponse write(ServerResponse.BodyBuilder response, Object body) {
		return response.contentType(MediaType.APPLICATION_JSON).body(MAPPER.writeValueAsBytes(body));
	}

}
