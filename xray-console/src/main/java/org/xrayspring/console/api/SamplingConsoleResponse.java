package org.xrayspring.console.api;

import java.util.List;

import org.xrayspring.console.api.SamplingResponses.SamplingRuleShape;
import org.xrayspring.console.sampling.SamplingRuleRecord;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.sampling.SamplingStatistics;

/**
 * The console's own view of its sampling rules for the UI
 * ({@code GET <base>/console/sampling}): each rule as GetSamplingRules serves it, with
 * the statistics clients reported for it per reporting window, in total and per client.
 *
 * @param windowSeconds the length of a reporting window
 * @param lastRuleModification when the rules last changed, epoch seconds
 * @param rules the rules by priority, {@code Default} last
 * @author xray-spring-boot
 */
record SamplingConsoleResponse(int windowSeconds, double lastRuleModification, List<Rule> rules) {

	static SamplingConsoleResponse of(SamplingRules samplingRules) {
		SamplingStatistics statistics = samplingRules.getStatistics();
		return new SamplingConsoleResponse(SamplingStatistics.WINDOW_SECONDS, Seconds.of(samplingRules.getModifiedAt()),
				samplingRules.getRecords()
					.stream()
					.map((record) -> Rule.of(record, statistics.get(record.rule().ruleName())))
					.toList());
	}

	/**
	 * A rule and what clients reported for it.
	 *
	 * @param rule the rule, in the X-Ray API's shape
	 * @param createdAt when it was created, epoch seconds
	 * @param modifiedAt when it was last changed, epoch seconds
	 * @param windows the rule's last windows with reports, oldest first
	 * @param clients the clients that reported recently, most recent first
	 * @param droppedClients clients no longer tracked because too many reported
	 */
	record Rule(SamplingRuleShape rule, double createdAt, double modifiedAt, List<Window> windows, List<Client> clients,
			long droppedClients) {

		static Rule of(SamplingRuleRecord record, SamplingStatistics.RuleStatistics statistics) {
			return new Rule(SamplingRuleShape.of(record.rule(), record.ruleArn()), Seconds.of(record.createdAt()),
					Seconds.of(record.modifiedAt()), Window.of(statistics.windows()),
					statistics.clients().stream().map(Client::of).toList(), statistics.droppedClients());
		}

	}

	/**
	 * One client's recent reports for a rule.
	 *
	 * @param clientId the client's id
	 * @param lastReport when it last reported, epoch seconds
	 * @param windows its last windows with reports, oldest first
	 */
	record Client(String clientId, double lastReport, List<Window> windows) {

		static Client of(SamplingStatistics.ClientStatistics client) {
			return new Client(client.clientId(), Seconds.of(client.lastReport()), Window.of(client.windows()));
		}

	}

	/**
	 * The counts reported in one window.
	 *
	 * @param start the window's start, epoch seconds
	 * @param requests requests matched
	 * @param sampled requests sampled
	 * @param borrowed requests sampled by borrowing
	 * @param reports statistics documents received
	 */
	record Window(double start, long requests, long sampled, long borrowed, long reports) {

		static List<Window> of(List<SamplingStatistics.Window> windows) {
			return windows.stream()
				.map((window) -> new Window(Seconds.of(window.start()), window.requestCount(), window.sampledCount(),
						window.borrowCount(), window.reports()))
				.toList();
		}

	}

}
