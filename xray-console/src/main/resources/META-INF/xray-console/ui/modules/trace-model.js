/*
 * A trace's documents as a tree to draw: one group per document (a segment, or subsegments sent on their own),
 * each with its embedded subsegments in start order, and the time span of the whole trace. Reads every document
 * field as untrusted.
 */
import { isObject, isTime, objectOr, objectsIn, toText } from './shared.js';

/**
 * Build the model of a BatchGetTraces trace: { nodes (by id), groups, all (every node in document order), start, end }.
 */
export function buildTrace(trace) {
	const nodes = {};
	const groups = [];
	const all = [];
	const walk = (doc, parent, depth, group) => {
		const node = {
			doc: doc, id: toText(doc.id), name: typeof doc.name === 'string' && doc.name ? doc.name : '(unnamed)',
			parent: parent, depth: depth, group: group,
			start: isTime(doc.start_time) ? doc.start_time : NaN, end: isTime(doc.end_time) ? doc.end_time : NaN,
			inProgress: !isTime(doc.end_time), children: [], segment: depth === 0 && doc.type !== 'subsegment'
		};
		nodes[node.id] = nodes[node.id] || node;
		all.push(node);
		objectsIn(doc.subsegments).sort((a, b) => a.start_time - b.start_time)
			.forEach((child) => node.children.push(walk(child, node, depth + 1, group)));
		return node;
	};
	(trace.Segments || []).forEach((entry) => {
		const doc = parse(entry.Document);
		if (!isObject(doc)) {
			return;
		}
		const group = { doc: doc, name: doc.name, origin: doc.origin, orphan: doc.type === 'subsegment' };
		group.root = walk(doc, null, 0, group);
		groups.push(group);
	});
	groups.sort((a, b) => a.doc.start_time - b.doc.start_time);
	let start = Infinity;
	let end = -Infinity;
	all.forEach((node) => {
		if (isTime(node.start)) {
			start = Math.min(start, node.start);
			end = Math.max(end, node.inProgress ? node.start : node.end);
		}
	});
	if (!isFinite(start)) {
		start = end = 0;
	}
	return { nodes: nodes, groups: groups, all: all, start: start, end: Math.max(end, start + 0.000001) };
}

function parse(document) {
	try {
		return JSON.parse(document);
	}
	catch (e) {
		return null;
	}
}

/**
 * The group whose segment started the request: the first segment without a parent.
 */
export function rootGroup(model) {
	return model.groups.filter((g) => !g.orphan && !g.doc.parent_id)[0] || model.groups[0];
}

/**
 * The bar's class: pending, fault, throttle, error or ok.
 */
export function outcome(doc) {
	if (!isTime(doc.end_time)) {
		return 'pending';
	}
	if (doc.fault) {
		return 'fault';
	}
	if (doc.throttle) {
		return 'throttle';
	}
	if (doc.error) {
		return 'error';
	}
	return 'ok';
}

export function httpStatus(doc) {
	const status = objectOr(objectOr(doc.http).response).status;
	return typeof status === 'number' ? status : undefined;
}

export function exceptionsOf(doc) {
	return objectsIn(objectOr(doc.cause).exceptions);
}
