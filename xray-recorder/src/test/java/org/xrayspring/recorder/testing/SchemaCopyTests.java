package org.xrayspring.recorder.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCopyTests {

	@Test
	void bundledSchemaIsTheReferenceSchema() throws IOException {
		Path reference = Path.of("../../shared/reference", SegmentDocumentAssertions.SCHEMA_RESOURCE);
		Assumptions.assumeTrue(Files.exists(reference),
				"shared/reference is not beside this checkout; the bundled copy of the schema is used unchecked");
		try (InputStream in = SegmentDocumentAssertions.class
			.getResourceAsStream(SegmentDocumentAssertions.SCHEMA_RESOURCE)) {
			assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(reference));
		}
	}

}
