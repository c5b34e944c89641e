/*
 * One trace: a header with its request and services, the segments timeline (one row per segment and subsegment,
 * grouped by document) and the details of the selected row.
 */
import { traces } from './api.js';
import { resetDetails, showDetails } from './details.js';
import { showView, viewToken } from './page.js';
import { fill, formatDateTime, formatDuration, h, loading, objectOr, statusBadge } from './shared.js';
import { buildTrace, httpStatus, outcome, rootGroup } from './trace-model.js';

const TICKS = [0, 0.25, 0.5, 0.75, 1];

let selectedNode = null;

export function render(traceId) {
	showView('traces', [
		h('div', { 'class': 'breadcrumb' }, h('a', { href: '#/traces', text: 'Traces' }), ' › ', h('span', { 'class': 'mono', text: traceId })),
		h('h1', { text: 'Trace details' }),
		h('div', { id: 'trace-body' }, h('div', { 'class': 'panel' }, loading()))
	]);
	selectedNode = null;
	resetDetails();
	load(traceId);
}

export function refresh(traceId) {
	load(traceId);
}

async function load(traceId) {
	const view = viewToken();
	try {
		const response = await traces([traceId]);
		if (view.isCurrent()) {
			show(traceId, (response.Traces || [])[0]);
		}
	}
	catch (error) {
		if (view.isCurrent()) {
			fill(document.getElementById('trace-body'), h('div', { 'class': 'alert', text: error.message }));
		}
	}
}

function show(traceId, trace) {
	const body = document.getElementById('trace-body');
	if (!body) {
		return;
	}
	if (!trace) {
		fill(body, h('div', { 'class': 'panel' }, h('div', { 'class': 'empty', text: 'Trace ' + traceId
			+ ' is not (or no longer) held by this console.' })));
		return;
	}
	const model = buildTrace(trace);
	if (!selectedNode || !model.nodes[selectedNode]) {
		selectedNode = model.groups.length ? model.groups[0].root.id : null;
	}
	fill(body, [header(trace, model),
		h('div', { 'class': 'trace-layout' },
			h('div', { 'class': 'panel', id: 'timeline-panel' },
				h('div', { 'class': 'panel-head' }, h('h2', null, 'Segments timeline ',
					h('span', { 'class': 'count', text: '(' + model.all.length + ')' }))),
				timeline(model)),
			h('div', { 'class': 'panel details', id: 'details' }))]);
	showDetails(model.nodes[selectedNode]);
}

function header(trace, model) {
	const root = rootGroup(model);
	const doc = root ? root.doc : {};
	const request = objectOr(objectOr(doc.http).request);
	const services = model.groups.filter((g) => !g.orphan).map((g) => g.name);
	const fact = (label, value) => h('div', { 'class': 'fact' }, h('span', { text: label }), h('span', null, value));
	return h('div', { 'class': 'panel' }, h('div', { 'class': 'trace-head' },
		fact('Trace ID', h('span', { 'class': 'mono', text: trace.Id })),
		fact('Started', formatDateTime(model.start)),
		fact('Duration', formatDuration(trace.Duration)),
		fact('Request', (request.method ? request.method + ' ' : '') + (request.url || '-')),
		fact('Response', statusBadge(httpStatus(doc))),
		fact('Services', services.join(' → ') || '-'),
		trace.LimitExceeded ? fact('Limit', h('span', { 'class': 'mark partial', text: 'Documents dropped' })) : null));
}

function timeline(model) {
	const total = model.end - model.start;
	const rows = [];
	const visit = (node) => {
		rows.push(row(model, node, total));
		node.children.forEach(visit);
	};
	model.groups.forEach((group) => {
		rows.push(h('tr', { 'class': 'group' }, h('td', { colspan: 4 },
			group.orphan ? 'Subsegments of an unknown parent' : group.name,
			group.origin ? h('span', { 'class': 'origin', text: group.origin }) : null)));
		visit(group.root);
	});
	return h('table', { 'class': 'timeline' },
		h('colgroup', null, h('col', { 'class': 'c-name' }), h('col', { 'class': 'c-status' }), h('col', { 'class': 'c-dur' }), h('col')),
		h('thead', null, h('tr', null, h('th', { text: 'Name' }), h('th', { text: 'Res.' }),
			h('th', { style: 'text-align:right', text: 'Duration' }),
			h('th', null, h('div', { 'class': 'axis' }, TICKS.map((t) =>
				h('span', { style: 'left:' + (t * 100) + '%', text: formatDuration(t * total) })))))),
		h('tbody', null, rows));
}

function row(model, node, total) {
	const left = (node.start - model.start) / total * 100;
	const width = node.inProgress ? 100 - left : Math.max(0.25, (node.end - node.start) / total * 100);
	const duration = node.inProgress ? null : formatDuration(node.end - node.start);
	// Offset label beside the bar where there is room, none where the bar fills the track.
	const labelStyle = left + width <= 78 ? 'left:' + (left + width + 0.5).toFixed(3) + '%'
		: (left >= 22 ? 'right:' + (100 - left + 0.5).toFixed(3) + '%' : null);
	return h('tr', {
		'class': 'tl-row' + (selectedNode === node.id ? ' selected' : ''), 'data-id': node.id,
		'data-name': node.name, tabindex: 0,
		onclick: () => select(model, node.id),
		onkeydown: (event) => {
			if (event.key === 'Enter') {
				select(model, node.id);
			}
		}
	},
		h('td', { title: node.name },
			h('span', { style: 'display:inline-block;width:' + (node.depth * 16) + 'px' }),
			h('span', { 'class': 'twisty', text: node.children.length ? '▾' : '' }),
			h('span', { 'class': 'name', style: node.depth === 0 ? 'font-weight:600' : null, text: node.name })),
		h('td', null, statusBadge(httpStatus(node.doc))),
		h('td', { 'class': 'num', style: 'text-align:right', text: duration || 'pending' }),
		h('td', { 'class': 'bar-cell' }, h('div', { 'class': 'track' },
			TICKS.slice(1, 4).map((t) => h('div', { 'class': 'grid-line', style: 'left:' + (t * 100) + '%' })),
			h('div', {
				'class': 'bar ' + outcome(node.doc) + (node.depth === 0 ? ' segment' : ''),
				style: 'left:' + left.toFixed(3) + '%;width:' + width.toFixed(3) + '%',
				title: node.name + ' · ' + (duration || 'in progress')
			}),
			labelStyle ? h('span', {
				'class': 'bar-label', style: labelStyle, text: '+' + formatDuration(node.start - model.start)
			}) : null)));
}

function select(model, id) {
	selectedNode = id;
	document.querySelectorAll('.tl-row').forEach((row) => {
		row.classList.toggle('selected', row.getAttribute('data-id') === id);
	});
	showDetails(model.nodes[id]);
}
