/*
 * The service map: services, the resources they call and the clients calling them, drawn as an SVG graph from
 * GetServiceGraph, with the statistics of the selected node beside it.
 */
import { serviceGraph } from './api.js';
import { kindOf, layout, stats } from './map-layout.js';
import { showView, viewToken } from './page.js';
import { rangeSelect, setFilter, timeRange } from './query.js';
import { fill, formatDuration, h, kvTable, loading } from './shared.js';

const RADIUS = 30;

const MARKERS = [['arrow', '#8d99a8'], ['arrow-fault', '#d13212'], ['arrow-error', '#e07700']];

const ICONS = { aws: 'AWS', database: 'SQL', remote: 'HTTP' };

let selectedService = null;

export function render() {
	showView('map', [
		h('h1', { text: 'Trace map' }),
		h('p', { 'class': 'subtitle', text: 'Services, the resources they call and the clients calling them.' }),
		h('div', { 'class': 'map-wrap' },
			h('div', { 'class': 'panel' },
				h('div', { 'class': 'panel-head' }, h('h2', { text: 'Service map' }), h('span', { 'class': 'spacer' }),
					rangeSelect(load)),
				h('div', { 'class': 'map-canvas', id: 'map-canvas' }, loading()),
				h('div', { 'class': 'legend' },
					h('span', null, h('i', { style: 'background:var(--ok)' }), 'OK'),
					h('span', null, h('i', { style: 'background:var(--error)' }), 'Error (4xx)'),
					h('span', null, h('i', { style: 'background:var(--throttle)' }), 'Throttled (429)'),
					h('span', null, h('i', { style: 'background:var(--fault)' }), 'Fault (5xx)'))),
			h('div', { 'class': 'panel details', id: 'map-details' }))
	]);
	load();
}

export function refresh() {
	load();
}

async function load() {
	const view = viewToken();
	try {
		const graph = await serviceGraph(timeRange());
		if (view.isCurrent()) {
			draw(graph.Services || []);
		}
	}
	catch (error) {
		if (view.isCurrent()) {
			fill(document.getElementById('map-canvas'), h('div', { 'class': 'alert', text: error.message }));
		}
	}
}

function draw(services) {
	const canvas = document.getElementById('map-canvas');
	if (!canvas) {
		return;
	}
	if (!services.length) {
		fill(canvas, h('div', { 'class': 'empty', text: 'No traces in this time range.' }));
		showServiceDetails(null);
		return;
	}
	const positions = layout(services);
	const edges = h('svg:g', { 'class': 'edges' });
	const nodes = h('svg:g', { 'class': 'nodes' });
	services.forEach((source) => {
		(source.Edges || []).forEach((edge) => {
			const target = positions.byId[edge.ReferenceId];
			if (target) {
				edges.appendChild(edgeOf(source, target, edge, positions));
			}
		});
	});
	services.forEach((service) => nodes.appendChild(nodeOf(service, positions.positions[service.ReferenceId])));
	fill(canvas, h('svg:svg', {
		'class': 'service-map', width: positions.width, height: positions.height,
		viewBox: '0 0 ' + positions.width + ' ' + positions.height, role: 'img', 'aria-label': 'Service map'
	},
		h('svg:defs', null, MARKERS.map((m) => h('svg:marker', {
			id: m[0], viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'
		}, h('svg:path', { d: 'M0,0 L10,5 L0,10 z', fill: m[1] })))),
		edges, nodes));
	showServiceDetails(services.filter((s) => s.Name === selectedService)[0] || null);
}

function edgeOf(source, target, edge, positions) {
	const a = positions.positions[source.ReferenceId];
	const b = positions.positions[target.ReferenceId];
	const s = stats(edge.SummaryStatistics);
	const cls = s.fault ? 'faulty' : (s.error || s.throttle ? 'erroring' : '');
	let path;
	let lx;
	let ly;
	if (b.x > a.x) {
		const x1 = a.x + RADIUS + 4;
		const x2 = b.x - RADIUS - 6;
		const mx = (x1 + x2) / 2;
		path = 'M' + x1 + ',' + a.y + ' C' + mx + ',' + a.y + ' ' + mx + ',' + b.y + ' ' + x2 + ',' + b.y;
		lx = mx;
		ly = (a.y + b.y) / 2 - 8;
	}
	else {
		// Back to an earlier column (or the same one): arc over the top.
		const top = Math.min(a.y, b.y) - RADIUS - 50;
		path = 'M' + a.x + ',' + (a.y - RADIUS - 4) + ' C' + a.x + ',' + top + ' ' + b.x + ',' + top + ' ' + b.x + ','
			+ (b.y - RADIUS - 6);
		lx = (a.x + b.x) / 2;
		ly = top + 10;
	}
	const problems = [];
	if (s.fault) {
		problems.push(Math.round(s.fault / s.total * 100) + '% faults');
	}
	if (s.error + s.throttle) {
		problems.push(Math.round((s.error + s.throttle) / s.total * 100) + '% errors');
	}
	const marker = cls === 'faulty' ? 'arrow-fault' : (cls === 'erroring' ? 'arrow-error' : 'arrow');
	return h('svg:g', { 'class': 'edge ' + cls, 'data-source': source.Name, 'data-target': target.Name },
		h('svg:path', { d: path, 'marker-end': 'url(#' + marker + ')' }),
		h('svg:text', { x: lx, y: ly, 'text-anchor': 'middle', text: s.total + ' req · avg ' + formatDuration(s.avg) }),
		problems.length ? h('svg:text', { x: lx, y: ly + 24, 'text-anchor': 'middle', style: 'fill:#d13212', text: problems.join(' · ') }) : null);
}

function nodeOf(service, p) {
	const kind = kindOf(service);
	const s = stats(service.SummaryStatistics);
	const g = h('svg:g', {
		'class': 'node node-' + kind + (selectedService === service.Name ? ' selected' : ''),
		'data-name': service.Name, 'data-type': service.Type || '', transform: 'translate(' + p.x + ',' + p.y + ')',
		tabindex: 0,
		onclick: () => {
			selectedService = service.Name;
			highlight();
			showServiceDetails(service);
		}
	},
		h('svg:title', { text: service.Name + (service.Type ? ' (' + service.Type + ')' : '') }),
		h('svg:circle', { 'class': 'halo', r: RADIUS + 6 }));
	if (kind === 'client') {
		g.appendChild(h('svg:circle', { r: RADIUS - 4, fill: '#eef1f4' }));
		g.appendChild(h('svg:circle', { cx: 0, cy: -7, r: 7, fill: '#5f6b7a' }));
		g.appendChild(h('svg:path', { d: 'M-13,15 C-13,2 13,2 13,15 Z', fill: '#5f6b7a' }));
	}
	else {
		ring(g, s);
		g.appendChild(h('svg:text', {
			'class': 'centre', 'text-anchor': 'middle', dy: '0.35em', text: ICONS[kind] || formatDuration(s.avg)
		}));
	}
	g.appendChild(h('svg:text', { 'class': 'label', 'text-anchor': 'middle', y: RADIUS + 24, text: truncate(service.Name, 28) }));
	const sub = kind === 'client' ? 'Clients' : (s.total + ' req' + (service.Type ? ' · ' + service.Type : ''));
	g.appendChild(h('svg:text', { 'class': 'sub', 'text-anchor': 'middle', y: RADIUS + 40, text: truncate(sub, 36) }));
	return g;
}

/**
 * A string literal of the filter expression language, where a backslash escapes the next character.
 */
function quoted(text) {
	return '"' + text.replace(/[\\"]/g, '\\$&') + '"';
}

function truncate(text, max) {
	return text.length > max ? text.substring(0, max - 1) + '…' : text;
}

/**
 * The node's outline: one arc per outcome (ok, error, throttle, fault), as long as its share of the requests.
 */
function ring(g, s) {
	const circumference = 2 * Math.PI * RADIUS;
	g.appendChild(h('svg:circle', { r: RADIUS, fill: '#fff', stroke: '#e9ebed', 'stroke-width': 6 }));
	const parts = [[s.ok, '#1d8102'], [s.error, '#e07700'], [s.throttle, '#8c4fff'], [s.fault, '#d13212']];
	const total = s.total || 0;
	if (!total) {
		return;
	}
	let offset = 0;
	parts.forEach((part) => {
		if (!part[0]) {
			return;
		}
		const length = part[0] / total * circumference;
		g.appendChild(h('svg:circle', {
			'class': 'ring', r: RADIUS, stroke: part[1], 'stroke-dasharray': length + ' ' + (circumference - length),
			'stroke-dashoffset': -offset, transform: 'rotate(-90)'
		}));
		offset += length;
	});
}

function highlight() {
	document.querySelectorAll('.service-map .node').forEach((node) => {
		node.classList.toggle('selected', node.getAttribute('data-name') === selectedService);
	});
}

function showServiceDetails(service) {
	const panel = document.getElementById('map-details');
	if (!panel) {
		return;
	}
	if (!service) {
		fill(panel, h('div', { 'class': 'empty', text: 'Select a node to see its statistics.' }));
		return;
	}
	const s = stats(service.SummaryStatistics);
	const known = Boolean(service.SummaryStatistics);
	const pct = (n) => (s.total ? Math.round(n / s.total * 1000) / 10 + '%' : '-');
	const count = (n) => (known ? n + ' (' + pct(n) + ')' : null);
	fill(panel, [
		h('div', { 'class': 'panel-head' }, h('h2', { text: service.Name })),
		h('div', { 'class': 'panel-body' },
			kvTable([
				['Type', service.Type || 'service'],
				['Requests', known ? s.total : null],
				['Average response time', known ? formatDuration(s.avg) : null],
				['OK', count(s.ok)],
				['Errors (4xx)', count(s.error)],
				['Throttled (429)', count(s.throttle)],
				['Faults (5xx)', count(s.fault)],
				['Entry point', service.Root ? 'yes' : null]
			]),
			service.Type !== 'client' ? h('p', null, h('a', {
				href: '#/traces', text: 'View traces through ' + service.Name + ' →',
				onclick: () => setFilter('service(' + quoted(service.Name) + ')')
			})) : null)
	]);
}
