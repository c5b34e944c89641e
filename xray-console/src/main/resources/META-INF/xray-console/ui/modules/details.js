/*
 * The details panel of a trace's selected segment or subsegment, in tabs: overview, resources (HTTP, AWS, SQL),
 * annotations, metadata, exceptions and the raw document.
 */
import {
	fill, formatDateTime, formatDuration, h, isObject, isTime, kvTable, marks, objectOr, objectsIn, pretty, toText
} from './shared.js';
import { exceptionsOf, httpStatus } from './trace-model.js';

let selectedTab = 'overview';

/**
 * Back to the overview tab, for a newly opened trace.
 */
export function resetDetails() {
	selectedTab = 'overview';
}

/**
 * Show a node of the trace model (or a hint when none is selected) in the details panel.
 */
export function showDetails(node) {
	const panel = document.getElementById('details');
	if (!panel) {
		return;
	}
	if (!node) {
		fill(panel, h('div', { 'class': 'empty', text: 'Select a segment to see its details.' }));
		return;
	}
	const doc = node.doc;
	const annotations = objectOr(doc.annotations);
	const metadata = objectOr(doc.metadata);
	const exceptions = exceptionsOf(doc);
	const tabs = [
		{ id: 'overview', label: 'Overview', show: () => overview(node, doc) },
		{ id: 'resources', label: 'Resources', show: () => resources(doc) },
		{ id: 'annotations', label: 'Annotations', count: Object.keys(annotations).length, show: () => annotationsTab(annotations) },
		{ id: 'metadata', label: 'Metadata', count: Object.keys(metadata).length, show: () => metadataTab(metadata) },
		{ id: 'exceptions', label: 'Exceptions', count: exceptions.length, show: () => exceptionsTab(doc, exceptions) },
		{ id: 'raw', label: 'Raw data', show: () => raw(doc) }
	];
	const tab = tabs.filter((t) => t.id === selectedTab)[0] || tabs[0];
	selectedTab = tab.id;
	fill(panel, [
		h('div', { 'class': 'panel-head' }, h('h2', { text: (node.segment ? 'Segment: ' : 'Subsegment: ') + node.name })),
		h('div', { 'class': 'tabs', role: 'tablist' }, tabs.map((t) => h('button', {
			type: 'button', role: 'tab', 'data-tab': t.id,
			'class': t === tab ? 'active' : null,
			onclick: () => {
				selectedTab = t.id;
				showDetails(node);
			}
		}, t.label, t.count ? h('span', { 'class': 'badge', text: t.count }) : null))),
		h('div', { 'class': 'panel-body', id: 'details-body' }, tab.show())
	]);
}

function mono(value) {
	return h('span', { 'class': 'mono', text: value });
}

function overview(node, doc) {
	const xray = objectOr(objectOr(doc.aws).xray);
	return kvTable([
		['Name', doc.name],
		['ID', mono(doc.id)],
		['Parent ID', doc.parent_id ? mono(doc.parent_id) : (node.parent ? mono(node.parent.id) : null)],
		['Start time', isTime(doc.start_time) ? formatDateTime(doc.start_time) : '-'],
		['End time', isTime(doc.end_time) ? formatDateTime(doc.end_time) : 'in progress'],
		['Duration', isTime(doc.end_time) ? formatDuration(doc.end_time - doc.start_time) : 'in progress'],
		['Response code', httpStatus(doc)],
		['Status', h('span', null, marks({ fault: doc.fault, error: doc.error, throttle: doc.throttle, partial: doc.in_progress }),
			!doc.fault && !doc.error && !doc.throttle ? 'OK' : '')],
		['Origin', doc.origin],
		['Namespace', doc.namespace],
		['User', doc.user],
		['Sampling rule', xray.rule_name],
		['SDK', [xray.sdk, xray.sdk_version].filter(Boolean).map(toText).join(' ')]
	]);
}

function resources(doc) {
	const sections = [];
	const add = (title, value) => {
		if (isObject(value) && Object.keys(value).length) {
			sections.push(h('div', { 'class': 'section-title', text: title }));
			sections.push(kvTable(flatten(value, '')));
		}
	};
	add('HTTP request', objectOr(doc.http).request);
	add('HTTP response', objectOr(doc.http).response);
	add('AWS', doc.aws);
	add('SQL', doc.sql);
	add('Service', doc.service);
	return sections.length ? sections : h('div', { 'class': 'empty', text: 'No HTTP, AWS or SQL data.' });
}

/**
 * Rows of dotted paths to the values of nested objects; arrays as JSON.
 */
function flatten(value, prefix) {
	let rows = [];
	Object.keys(value).forEach((key) => {
		const v = value[key];
		const name = prefix ? prefix + '.' + key : key;
		if (isObject(v)) {
			rows = rows.concat(flatten(v, name));
		}
		else {
			rows.push([name, Array.isArray(v) ? JSON.stringify(v) : String(v)]);
		}
	});
	return rows;
}

function annotationsTab(annotations) {
	const keys = Object.keys(annotations);
	return keys.length ? kvTable(keys.map((key) => [key, JSON.stringify(annotations[key])]))
		: h('div', { 'class': 'empty', text: 'No annotations.' });
}

function metadataTab(metadata) {
	const namespaces = Object.keys(metadata);
	return namespaces.length ? namespaces.map((namespace) => [h('div', { 'class': 'section-title', text: namespace }),
		pretty(metadata[namespace])]) : h('div', { 'class': 'empty', text: 'No metadata.' });
}

function exceptionsTab(doc, exceptions) {
	if (!exceptions.length) {
		return h('div', { 'class': 'empty', text: typeof doc.cause === 'string' ? 'Cause: exception ' + doc.cause
			+ ' (recorded on another subsegment).' : 'No exceptions.' });
	}
	return [doc.cause.working_directory ? kvTable([['Working directory', doc.cause.working_directory]]) : null,
		exceptions.map((ex) => {
			const stack = objectsIn(ex.stack);
			return h('div', { 'class': 'exception' },
				h('div', { 'class': 'ex-head' }, h('span', { 'class': 'ex-type', text: ex.type || 'Exception' }),
					ex.message ? ': ' + toText(ex.message) : '', ex.remote ? ' (remote)' : ''),
				stack.length ? h('ol', null, stack.map((frame) => h('li', {
					text: 'at ' + (toText(frame.label) || '?') + (frame.path ? ' (' + toText(frame.path)
						+ (typeof frame.line === 'number' ? ':' + frame.line : '') + ')' : '')
				})), ex.truncated ? h('li', { text: '… ' + toText(ex.truncated) + ' more' }) : null) : null);
		})];
}

function raw(doc) {
	const copy = Object.assign({}, doc);
	delete copy.subsegments;
	return pretty(copy);
}
