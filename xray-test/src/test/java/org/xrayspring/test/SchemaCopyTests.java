package org.xrayspring.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled schema is AWS's, unchanged: its SHA-256 was recorded from AWS's published
 * {@code xray-segmentdocument-schema-v1.0.0.json}, so a plain clone checks it too; beside
 * the project's shared reference folder it is also compared byte for byte with the
 * reference copy. It is the only copy in the repository (the recorder's tests read it
 * from this module's resources).
 */
class SchemaCopyTests {

	private static final String AWS_SCHEMA_SHA_256 = "fadee7757051970168366a1b6cdf8ed8789e1ceaec869b68b53b3a29cd1a31ad";

	private static final String REFERENCE = "shared/reference/xray-segmentdocument-schema-v1.0.0.json";

	@Test
	void bundledSchemaHasTheDigestOfAwsSchema() throws IOException, NoSuchAlgorithmException {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(bundledSchema());
		assertThat(HexFormat.of().formatHex(digest)).isEqualTo(AWS_SCHEMA_SHA_256);
	}

	@Test
	void bundledSchemaIsTheReferenceCopyWhenThatIsPresent() throws IOException {
		Path reference = findReference();
		if (reference != null) {
			assertThat(bundledSchema()).isEqualTo(Files.readAllBytes(reference));
		}
	}

	/**
	 * The reference copy in a {@code shared} folder beside the checkout or one of its
	 * parents (worktrees sit deeper than the main checkout); {@code null} in a plain
	 * clone, where the digest alone checks the copy.
	 */
	private static Path findReference() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(REFERENCE);
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static byte[] bundledSchema() throws IOException {
		try (InputStream in = XRayDocuments.class.getResourceAsStream(XRayDocuments.SCHEMA_RESOURCE)) {
			assertThat(in).as(XRayDocuments.SCHEMA_RESOURCE).isNotNull();
			return in.readAllBytes();
		}
	}

}
