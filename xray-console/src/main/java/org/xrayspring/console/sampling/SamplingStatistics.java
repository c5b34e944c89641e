package org.xrayspring.console.sampling;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The statistics clients report with GetSamplingTargets
 * ({@code SamplingStatisticsDocuments}), in 10-second windows by the console's clock when
 * they arrive: per rule over the last {@value #RULE_WINDOWS} windows (five minutes), and
 * per rule and client over the last {@value #CLIENT_WINDOWS} windows (one minute) for the
 * {@value #MAX_CLIENTS_PER_RULE} clients that reported most recently. Memory is bounded
 * by the number of rules (limited by the rule store), clients and windows; neither time
 * nor traffic grows it. Thread-safe.
 *
 * @author xray-spring-boot
 */
public final class SamplingStatistics {

	/** Length of a reporting window, the interval clients are asked to report at. */
	public static final int WINDOW_SECONDS = 10;

	/** Windows kept per rule. */
	public static final int RULE_WINDOWS = 30;

	/** Windows kept per client. */
	public static final int CLIENT_WINDOWS = 6;

	/**
	 * Clients tracked per rule; the one that reported least recently is dropped beyond it
	 * (counted).
	 */
	public static final int MAX_CLIENTS_PER_RULE = 100;

	private final Clock clock;

	private final int maxRules;

	private final Map<String, RuleSeries> rules = new HashMap<>();

	/**
	 * Create an empty store.
	 * @param clock the clock that places reports in windows
	 * @param maxRules the most rules statistics are kept for; reports for further rules
	 * are ignored
	 */
	public SamplingStatistics(Clock clock, int maxRules) {
		this.clock = clock;
		this.maxRules = maxRules;
	}

	/**
	 * Record one statistics document.
	 * @param ruleName the rule it reports on
	 * @param clientId the client that sent it
	 * @param requestCount requests matched
	 * @param sampledCount requests sampled
	 * @param borrowCount requests sampled by borrowing
	 */
	public synchronized void record(String ruleName, String clientId, long requestCount, long sampledCount,
			long borrowCount) {
		RuleSeries series = this.rules.get(ruleName);
		if (series == null) {
			if (this.rules.size() >= this.maxRules) {
				return;
			}
			series = new RuleSeries();
			this.rules.put(ruleName, series);
		}
		Instant now = this.clock.instant();
		series.windows.add(now.getEpochSecond(), requestCount, sampledCount, borrowCount);
		ClientSeries client = series.clients.remove(clientId);
		if (client == null) {
			client = new ClientSeries();
			if (series.clients.size() >= MAX_CLIENTS_PER_RULE) {
				Iterator<String> eldest = series.clients.keySet().iterator();
				eldest.next();
				eldest.remove();
				series.droppedClients++;
			}
		}
		// Re-inserted: the map's order is the order of the clients' last reports.
		series.clients.put(clientId, client);
		client.lastReport = now;
		client.windows.add(now.getEpochSecond(), requestCount, sampledCount, borrowCount);
	}

	/**
	 * Forget a rule's statistics (the rule was deleted).
	 * @param ruleName the rule name
	 */
	public synchronized void remove(String ruleName) {
		this.rules.remove(ruleName);
	}

	/**
	 * Return a rule's statistics: its recent windows and the clients that reported in the
	 * last {@value #CLIENT_WINDOWS} windows, most recent first.
	 * @param ruleName the rule name
	 * @return the statistics, empty if nothing was reported recently
	 */
	public synchronized RuleStatistics get(String ruleName) {
		RuleSeries series = this.rules.get(ruleName);
		if (series == null) {
			return new RuleStatistics(ruleName, List.of(), List.of(), 0);
		}
		long now = this.clock.instant().getEpochSecond();
		List<ClientStatistics> clients = new ArrayList<>();
		for (Map.Entry<String, ClientSeries> entry : series.clients.entrySet()) {
			List<Window> windows = entry.getValue().windows.windows(now);
			if (!windows.isEmpty()) {
				clients.add(new ClientStatistics(entry.getKey(), entry.getValue().lastReport, windows));
			}
		}
		// Clients whose windows all expired are dropped, so the map holds recent clients
		// only.
		series.clients.values().removeIf((client) -> client.windows.windows(now).isEmpty());
		Collections.reverse(clients);
		return new RuleStatistics(ruleName, series.windows.windows(now), List.copyOf(clients), series.droppedClients);
	}

	/**
	 * Return the latest window with reports of each rule, as
	 * GetSamplingStatisticSummaries reports it.
	 * @param ruleNames the rules to summarize, in the order to return them
	 * @return one summary per rule with reports in the last {@value #RULE_WINDOWS}
	 * windows
	 */
	public synchronized List<Summary> summaries(List<String> ruleNames) {
		long now = this.clock.instant().getEpochSecond();
		List<Summary> summaries = new ArrayList<>();
		for (String ruleName : ruleNames) {
			RuleSeries series = this.rules.get(ruleName);
			@Nullable Window latest = (series != null) ? series.windows.latest(now) : null;
			if (latest != null) {
				summaries.add(new Summary(ruleName, latest));
			}
		}
		return summaries;
	}

	/**
	 * Counts reported in one window.
	 *
	 * @param start the window's start
	 * @param requestCount requests matched
	 * @param sampledCount requests sampled
	 * @param borrowCount requests sampled by borrowing
	 * @param reports statistics documents received
	 */
	public record Window(Instant start, long requestCount, long sampledCount, long borrowCount, long reports) {
	}

	/**
	 * A rule's latest window with reports ({@code SamplingStatisticSummary}).
	 *
	 * @param ruleName the rule name
	 * @param window the window
	 */
	public record Summary(String ruleName, Window window) {
	}

	/**
	 * A rule's recent statistics.
	 *
	 * @param ruleName the rule name
	 * @param windows its windows with reports, oldest first
	 * @param clients clients that reported recently, most recent first
	 * @param droppedClients clients no longer tracked because more than
	 * {@value #MAX_CLIENTS_PER_RULE} reported
	 */
	public record RuleStatistics(String ruleName, List<Window> windows, List<ClientStatistics> clients,
			long droppedClients) {
	}

	/**
	 * One client's recent statistics for a rule.
	 *
	 * @param clientId the client id
	 * @param lastReport when it last reported
	 * @param windows its windows with reports, oldest first
	 */
	public record ClientStatistics(String clientId, Instant lastReport, List<Window> windows) {
	}

	private static final class RuleSeries {

		private final WindowSeries windows = new WindowSeries(RULE_WINDOWS, WINDOW_SECONDS);

		private final LinkedHashMap<String, ClientSeries> clients = new LinkedHashMap<>();

		private long droppedClients;

	}

	private static final class ClientSeries {

		private final WindowSeries windows = new WindowSeries(CLIENT_WINDOWS, WINDOW_SECONDS);

		private Instant lastReport = Instant.EPOCH;

	}

}
