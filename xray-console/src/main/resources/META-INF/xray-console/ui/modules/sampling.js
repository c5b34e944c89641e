/*
 * The sampling rules page: the rules the console serves to SDKs through GetSamplingRules and GetSamplingTargets,
 * with the statistics SDKs reported for each.
 *
 * The page is a list of sections, each a panel of its own filled by its render function from the console's status
 * whenever the page loads or refreshes. To extend the page, add a section to SECTIONS.
 */
import { showView } from './page.js';
import { fill, h, loading } from './shared.js';
import { showStatus } from './status.js';

/**
 * A section of the page: the id of its panel and a function (status, context) returning the panel's content.
 * The context offers reload(), to load the page's data again after a change.
 */
const SECTIONS = [
	{ id: 'sampling-panel', render: rulesTable }
];

const COLUMNS = ['Name', 'Priority', 'Service', 'HTTP method', 'URL path', 'Host', 'Reservoir', 'Fixed rate',
	'Requests', 'Sampled', 'Borrowed', 'Clients'];

export function render() {
	showView('sampling', [
		h('h1', { text: 'Sampling rules' }),
		h('p', { 'class': 'subtitle' }, 'Served to SDKs through GetSamplingRules and GetSamplingTargets. Configure them with ',
			h('code', { text: 'xray.console.sampling.rules' }), '.'),
		SECTIONS.map((section) => h('div', { 'class': 'panel', id: section.id }, loading()))
	]);
	load();
}

export function refresh() {
	load();
}

function load() {
	return showStatus((status) => {
		const context = { reload: load };
		SECTIONS.forEach((section) => fill(document.getElementById(section.id), section.render(status, context)));
	});
}

function rulesTable(status) {
	return h('table', { 'class': 'grid' },
		h('thead', null, h('tr', null, COLUMNS.map((label, i) => h('th', { 'class': i === 1 || i > 5 ? 'num' : null, text: label })))),
		h('tbody', null, status.sampling.rules.map((rule) => h('tr', null,
			h('td', null, h('b', { text: rule.name })), h('td', { 'class': 'num', text: rule.priority }),
			h('td', { text: rule.serviceName }), h('td', { text: rule.httpMethod }), h('td', { text: rule.urlPath }),
			h('td', { text: rule.host }), h('td', { 'class': 'num', text: rule.reservoirSize + '/s' }),
			h('td', { 'class': 'num', text: Math.round(rule.fixedRate * 1000) / 10 + '%' }),
			h('td', { 'class': 'num', text: rule.requests }), h('td', { 'class': 'num', text: rule.sampled }),
			h('td', { 'class': 'num', text: rule.borrowed }), h('td', { 'class': 'num', text: rule.activeClients })))));
}
