/*
 * The trace list: a filter expression, a time range and the matching trace summaries, newest first.
 */
import { traceSummaries } from './api.js';
import { showView, viewToken } from './page.js';
import { filter, rangeSelect, setFilter, timeRange } from './query.js';
import { ago, fill, formatDateTime, formatDuration, formatTime, h, loading, marks, statusBadge } from './shared.js';
import { daemonAddress } from './status.js';

const EXAMPLES = ['service("name")', 'annotation.key = "value"', 'http.status = 500', 'fault', 'error',
	'responsetime > 1'];

const COLUMNS = [['Time'], ['Trace ID'], ['Method'], ['URL'], ['Status'], ['Response time', 'num'],
	['Duration', 'num'], [''], ['Services']];

export function render() {
	const input = h('input', {
		type: 'text', id: 'filter', value: filter(), spellcheck: 'false', autocomplete: 'off',
		placeholder: 'Filter expression, e.g. service("orders") AND http.status >= 500',
		'aria-label': 'Filter expression',
		onkeydown: (event) => {
			if (event.key === 'Enter') {
				run(input.value);
			}
		}
	});
	showView('traces', [
		h('h1', { text: 'Traces' }),
		h('p', { 'class': 'subtitle', text: 'Requests recorded by your services, newest first.' }),
		h('div', { 'class': 'panel' },
			h('div', { 'class': 'query' }, input, rangeSelect(load),
				h('button', {
					type: 'button', 'class': 'btn btn-primary', id: 'run-query', text: 'Run query',
					onclick: () => run(input.value)
				})),
			h('div', { 'class': 'hint' }, 'Examples: ', EXAMPLES.map((example, i) => [i ? ' ' : '', h('code', {
				text: example, title: 'Use this expression',
				onclick: () => {
					input.value = example;
					input.focus();
				}
			})])),
			h('div', { id: 'query-error' })),
		h('div', { 'class': 'panel', id: 'trace-list' },
			h('div', { 'class': 'panel-head' }, h('h2', null, 'Traces ', h('span', { 'class': 'count', id: 'trace-count' }))),
			h('div', { id: 'trace-table' }, loading()))
	]);
	load();
}

/**
 * Reload the list, unless the user is typing a filter (the list would change under the expression being edited).
 */
export function refresh() {
	if (document.activeElement === null || document.activeElement.id !== 'filter') {
		load();
	}
}

function run(expression) {
	setFilter(expression);
	load();
}

async function load() {
	const view = viewToken();
	const request = timeRange();
	request.TimeRangeType = 'Event';
	if (filter().trim()) {
		request.FilterExpression = filter();
	}
	try {
		const response = await traceSummaries(request);
		if (view.isCurrent()) {
			showQueryError(null);
			showSummaries(response.TraceSummaries || []);
		}
	}
	catch (error) {
		if (view.isCurrent()) {
			showQueryError(error.message);
		}
	}
}

function showQueryError(message) {
	fill(document.getElementById('query-error'), message ? h('div', { 'class': 'alert', role: 'alert', text: message }) : null);
}

function showSummaries(summaries) {
	const holder = document.getElementById('trace-table');
	if (!holder) {
		return;
	}
	document.getElementById('trace-count').textContent = '(' + summaries.length + ')';
	if (!summaries.length) {
		fill(holder, h('div', { 'class': 'empty' }, filter() ? 'No trace matches this filter in the time range.'
			: ['No traces yet. Point an X-Ray SDK at this console, for example ',
				h('code', { text: 'AWS_XRAY_DAEMON_ADDRESS=' + daemonAddress() }), '.']));
		return;
	}
	fill(holder, h('table', { 'class': 'grid' },
		h('thead', null, h('tr', null, COLUMNS.map((column) => h('th', { 'class': column[1], text: column[0] })))),
		h('tbody', null, summaries.map(summaryRow))));
}

function summaryRow(summary) {
	const http = summary.Http || {};
	const open = () => {
		location.hash = '#/traces/' + summary.Id;
	};
	return h('tr', {
		'class': 'clickable trace-row', 'data-trace-id': summary.Id, tabindex: 0,
		onclick: open,
		onkeydown: (event) => {
			if (event.key === 'Enter') {
				open();
			}
		}
	},
		h('td', { title: formatDateTime(summary.StartTime) }, formatTime(summary.StartTime),
			h('div', { 'class': 'sub', style: 'color:var(--muted);font-size:12px', text: ago(summary.StartTime) })),
		h('td', null, h('a', { 'class': 'mono', href: '#/traces/' + summary.Id, text: summary.Id })),
		h('td', null, h('span', { 'class': 'method', text: http.HttpMethod || '' })),
		h('td', { 'class': 'url', title: http.HttpURL || '', text: http.HttpURL || (summary.EntryPoint ? summary.EntryPoint.Name : '') }),
		h('td', null, statusBadge(http.HttpStatus)),
		h('td', { 'class': 'num', text: formatDuration(summary.ResponseTime) }),
		h('td', { 'class': 'num', text: formatDuration(summary.Duration) }),
		h('td', null, marks({
			fault: summary.HasFault, error: summary.HasError, throttle: summary.HasThrottle,
			partial: summary.IsPartial
		})),
		h('td', { text: (summary.ServiceIds || []).map((s) => s.Name).join(', ') }));
}
