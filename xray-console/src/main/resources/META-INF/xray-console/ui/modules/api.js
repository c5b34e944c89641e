/*
 * The console's HTTP API: the X-Ray API operations the UI reads, and the console's own status and clear endpoints.
 * Paths are relative, so the UI works at "/" (standalone) and under a base path such as "/xray/" (embedded).
 */

/**
 * Call the API: a GET without a body, a POST of the body as JSON. Resolves to the parsed response; rejects with an
 * Error whose message is the API's own and whose "type" is the API's error type (for example
 * "InvalidRequestException").
 */
export async function call(path, body) {
	const options = body === undefined ? {} : {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body)
	};
	const response = await fetch(path, options);
	const text = await response.text();
	let json = {};
	if (text) {
		try {
			json = JSON.parse(text);
		}
		catch (e) {
			if (response.ok) {
				throw new Error('The console answered with something other than JSON');
			}
		}
	}
	if (!response.ok) {
		const error = new Error(json.message || ('HTTP ' + response.status));
		error.type = json.__type;
		throw error;
	}
	return json;
}

/** GetTraceSummaries. */
export function traceSummaries(request) {
	return call('TraceSummaries', request);
}

/** BatchGetTraces. */
export function traces(traceIds) {
	return call('Traces', { TraceIds: traceIds });
}

/** GetServiceGraph. */
export function serviceGraph(request) {
	return call('ServiceGraph', request);
}

/** The console's receiver, store, API and sampling-rule statistics. */
export function consoleStatus() {
	return call('console/status');
}

/** Remove every trace from the console's store. */
export function clearTraces() {
	return call('console/clear', {});
}
