package org.xrayspring.sample.vision.images;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;

import org.xrayspring.sample.vision.VisionProperties;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Fetches random images over HTTP with a {@link RestClient} built from Boot's
 * {@link RestClient.Builder}, which is where the X-Ray starter adds its tracing
 * interceptor.
 *
 * @author xray-spring-boot
 */
@Component
public class ImageSource {

	private final RestClient restClient;

	private final VisionProperties.Images properties;

	private final Environment environment;

	ImageSource(RestClient.Builder builder, VisionProperties properties, Environment environment) {
		this.properties = properties.getImages();
		this.environment = environment;
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(this.properties.getTimeout())
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(this.properties.getTimeout());
		this.restClient = builder.requestFactory(requestFactory).build();
	}

	/**
	 * Return the URL images are fetched from.
	 * @return the configured URL (a path is taken on this application), else this
	 * application's own {@code /images/random}
	 */
	public URI url() {
		URI url = this.properties.getUrl();
		if (url != null && url.isAbsolute()) {
			return url;
		}
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		return URI.create("http://127.0.0.1:" + port).resolve((url != null) ? url.toString() : "/images/random");
	}

	/**
	 * Fetch one random image.
	 * @return the image
	 * @throws ImageFetchException if the source failed or did not answer a JPEG or PNG
	 * image
	 */
	public FetchedImage fetch() {
		URI url = url();
		long maxBytes = this.properties.getMaxSize().toBytes();
		try {
			return this.restClient.get()
				.uri(url)
				// Anything else is accepted too: the bytes, not the headers, decide
				// whether it is an image.
				.accept(MediaType.IMAGE_JPEG, MediaType.IMAGE_PNG, MediaType.parseMediaType("*/*;q=0.1"))
				.exchange((request, response) -> {
					HttpStatusCode status = response.getStatusCode();
					if (!status.is2xxSuccessful()) {
						throw new ImageFetchException(
								"The image source answered HTTP " + status.value() + " instead of an image.");
					}
					byte[] bytes = read(response.getBody(), maxBytes);
					ImageFormat format = ImageFormat.detect(bytes);
					if (format == null) {
						MediaType type = response.getHeaders().getContentType();
						throw new ImageFetchException("The image source answered something that is not a JPEG or PNG"
								+ " image" + ((type != null) ? " (" + type + ")" : "") + ".");
					}
					return new FetchedImage(url, response.getHeaders().getFirst("X-Image-Name"), format, bytes);
				});
		}
		catch (RestClientException ex) {
			throw new ImageFetchException("The image source could not be reached.", ex);
		}
	}

	private static byte[] read(InputStream body, long maxBytes) throws IOException {
		byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
		if (bytes.length > maxBytes) {
			throw new ImageFetchException("The image source answered an image larger than " + maxBytes + " bytes.");
		}
		return bytes;
	}

}
