package org.xrayspring.console.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.catalina.valves.ValveBase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xrayspring.console.api.PeerAddressValve;
import org.xrayspring.console.api.XRayConsoleRoutes;
import org.xrayspring.console.receiver.ReceiverCounters;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.sampling.ServedSamplingRule;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.store.TraceStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the X-Ray console: with {@code xray.console.enabled=true} in a
 * servlet web application, a UDP receiver behaving as the X-Ray daemon, an in-memory
 * trace store, the X-Ray API subset and the web UI under {@code xray.console.base-path}.
 *
 * @author xray-spring-boot
 */
@AutoConfiguration
@ConditionalOnBooleanProperty("xray.console.enabled")
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(XRayConsoleProperties.class)
public final class XRayConsoleAutoConfiguration {

	private static final Log logger = LogFactory.getLog(XRayConsoleAutoConfiguration.class);

	private static final Set<String> WILDCARD_ADDRESSES = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

	@Bean
	@ConditionalOnMissingBean
	TraceStore xrayConsoleTraceStore(XRayConsoleProperties properties) {
		return new TraceStore(properties.getMaxTraces(), properties.getMaxDocumentsPerTrace(),
				properties.getMaxStoreSize().toBytes(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	SamplingRules xrayConsoleSamplingRules(XRayConsoleProperties properties) {
		XRayConsoleProperties.Sampling sampling = properties.getSampling();
		List<ServedSamplingRule> rules = new ArrayList<>();
		for (int i = 0; i < sampling.getRules().size(); i++) {
			XRayConsoleProperties.Rule rule = sampling.getRules().get(i);
			String name = rule.getName();
			if (name == null) {
				throw new InvalidConfigurationPropertyValueException("xray.console.sampling.rules[" + i + "].name",
						null, "Every sampling rule needs a name.");
			}
			rules.add(new ServedSamplingRule(name, rule.getPriority(), rule.getFixedRate(), rule.getReservoirSize(),
					rule.getServiceName(), rule.getServiceType(), rule.getHost(), rule.getHttpMethod(),
					rule.getUrlPath(), rule.getResourceArn(), rule.getAttributes()));
		}
		return new SamplingRules(rules,
				ServedSamplingRule.defaultRule(sampling.getDefaultFixedRate(), sampling.getDefaultReservoirSize()),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "xray.console.udp-enabled", matchIfMissing = true)
	@ConditionalOnMissingBean
	XRayConsoleReceiver xrayConsoleReceiver(XRayConsoleProperties properties, TraceStore store) {
		InetSocketAddress bind = parseAddress("xray.console.udp-address", properties.getUdpAddress());
		if (!bind.getAddress().isLoopbackAddress()) {
			if (!properties.isAllowRemote()) {
				throw new InvalidConfigurationPropertyValueException("xray.console.udp-address",
						properties.getUdpAddress(),
						"It is not a loopback address; set xray.console.allow-remote=true to bind it.");
			}
			logger.warn("X-Ray console receiver binds non-loopback address " + bind
					+ ": anyone who can reach it can send trace data");
		}
		String relay = properties.getRelayAddress();
		InetSocketAddress relayAddress = (relay != null && !relay.isBlank())
				? parseAddress("xray.console.relay-address", relay) : null;
		if (relayAddress != null && relayAddress.equals(bind)) {
			throw new InvalidConfigurationPropertyValueException("xray.console.relay-address", relay,
					"It must differ from xray.console.udp-address.");
		}
		return new XRayConsoleReceiver(bind, relayAddress, properties.getQueueCapacity(),
				properties.getMaxQueueSize().toBytes(), store, new ReceiverCounters());
	}

	@Bean
	XRayConsoleRoutes xrayConsoleRoutes(XRayConsoleProperties properties, TraceStore store, SamplingRules samplingRules,
			ObjectProvider<XRayConsoleReceiver> receiver, Environment environment) {
		if (properties.isAllowRemote()) {
			logger.warn("X-Ray console answers HTTP clients on any address (xray.console.allow-remote=true)");
		}
		List<String> allowedHosts = new ArrayList<>(properties.getAllowedHosts());
		String serverAddress = environment.getProperty("server.address");
		if (serverAddress != null && !serverAddress.isBlank() && !WILDCARD_ADDRESSES.contains(serverAddress.trim())) {
			// Connections accepted on a wildcard address are checked against their own
			// local address instead.
			allowedHosts.add(serverAddress.trim());
		}
		XRayConsoleRoutes.Settings settings = new XRayConsoleRoutes.Settings(normalize(properties.getBasePath()),
				properties.getMaxRequestBody().toBytes(), properties.isAllowRemote(), allowedHosts);
		return new XRayConsoleRoutes(settings, store, samplingRules, receiver.getIfAvailable(), Clock.systemUTC());
	}

	@Bean
	RouterFunction<ServerResponse> xrayConsoleRouterFunction(XRayConsoleRoutes routes) {
		return routes.routerFunction();
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> xrayConsoleStartupLogger(XRayConsoleProperties properties) {
		return (event) -> {
			String contextPath = event.getApplicationContext()
				.getEnvironment()
				.getProperty("server.servlet.context-path", "");
			String host = event.getApplicationContext().getEnvironment().getProperty("server.address", "localhost");
			logger.info("X-Ray console UI at http://" + host + ":" + event.getWebServer().getPort() + contextPath
					+ normalize(properties.getBasePath()) + "/ (X-Ray API endpoint: http://" + host + ":"
					+ event.getWebServer().getPort() + contextPath + normalize(properties.getBasePath()) + ")");
		};
	}

	/**
	 * On Tomcat, hands the console each connection's own peer address, which
	 * {@code RemoteIpValve} hides.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ValveBase.class, ConfigurableTomcatWebServerFactory.class })
	static class TomcatPeerAddressConfiguration {

		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> xrayConsolePeerAddressCustomizer() {
			return (factory) -> factory.addEngineValves(new PeerAddressValve());
		}

	}

	static String normalize(@Nullable String basePath) {
		String path = (basePath != null) ? basePath.trim() : "";
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		if (!path.isEmpty() && !path.startsWith("/")) {
			path = "/" + path;
		}
		return path;
	}

	static InetSocketAddress parseAddress(String property, String value) {
		String text = value.trim();
		int colon = text.lastIndexOf(':');
		if (colon <= 0 || colon == text.length() - 1) {
			throw new InvalidConfigurationPropertyValueException(property, value, "It must be host:port.");
		}
		String host = text.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port;
		try {
			port = Integer.parseInt(text.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, "The port is not a number.");
		}
		if (port < 0 || port > 65535) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"The port must be between 0 and 65535.");
		}
		try {
			return new InetSocketAddress(InetAddress.getByName(host), port);
		}
		catch (UnknownHostException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, "The host is unknown.");
		}
	}

}
