/*
 * Helpers every view shares: building elements safely, formatting values, reading untrusted document fields and
 * the small widgets several views show.
 *
 * Everything that came over the network is hostile input. It only ever reaches the page as text (textContent or
 * an attribute value), never as markup, and anything that is not a string or a number is turned into text here
 * without calling into the value (an object from a document may have a "toString" or "nodeType" of its own).
 */

const SVG = 'http://www.w3.org/2000/svg';

const XHTML = 'http://www.w3.org/1999/xhtml';

/**
 * Text for any value: strings and numbers as they are, everything else as JSON (never through its own methods).
 */
export function toText(value) {
	if (value === null || value === undefined) {
		return '';
	}
	if (typeof value === 'string') {
		return value;
	}
	if (typeof value === 'number' || typeof value === 'boolean') {
		return String(value);
	}
	try {
		const json = JSON.stringify(value);
		return json === undefined ? '' : json;
	}
	catch (e) {
		return '';
	}
}

/**
 * Create an element: h('tag', { attribute: value, text: 'content', onclick: handler }, ...children). Tags starting
 * with "svg:" are SVG elements. Attributes named on* only ever take functions, as event listeners.
 */
export function h(tag, attrs, ...children) {
	const svg = tag.startsWith('svg:');
	const element = document.createElementNS(svg ? SVG : XHTML, svg ? tag.substring(4) : tag);
	if (attrs) {
		Object.keys(attrs).forEach((key) => {
			const value = attrs[key];
			if (value === null || value === undefined || value === false) {
				return;
			}
			if (key === 'text') {
				element.textContent = toText(value);
			}
			else if (key.startsWith('on')) {
				if (typeof value === 'function') {
					element.addEventListener(key.substring(2), value);
				}
			}
			else {
				element.setAttribute(key, value === true ? '' : toText(value));
			}
		});
	}
	append(element, children);
	return element;
}

/**
 * Append children: elements, text, or (nested) arrays of them; null, undefined and false are left out.
 */
export function append(parent, child) {
	if (child === null || child === undefined || child === false) {
		return;
	}
	if (Array.isArray(child)) {
		child.forEach((c) => append(parent, c));
	}
	else if (child instanceof Node) {
		parent.appendChild(child);
	}
	else {
		parent.appendChild(document.createTextNode(toText(child)));
	}
}

/**
 * Replace the content of an element (if it is still on the page).
 */
export function fill(element, content) {
	if (!element) {
		return;
	}
	element.textContent = '';
	append(element, content);
}

// ---------------------------------------------------------------- untrusted values

// Documents are checked at ingestion, but the UI reads every optional field as if it could be anything.

export function isObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function objectOr(value) {
	return isObject(value) ? value : {};
}

export function objectsIn(value) {
	return Array.isArray(value) ? value.filter(isObject) : [];
}

export function isTime(value) {
	return typeof value === 'number' && isFinite(value);
}

// ---------------------------------------------------------------- formatting

export function nowSeconds() {
	return Date.now() / 1000;
}

export function formatDuration(seconds) {
	if (typeof seconds !== 'number' || isNaN(seconds)) {
		return '-';
	}
	const ms = seconds * 1000;
	if (ms === 0) {
		return '0 ms';
	}
	if (ms < 1) {
		return ms.toFixed(2) + ' ms';
	}
	if (ms < 1000) {
		return (ms < 10 ? ms.toFixed(1) : Math.round(ms)) + ' ms';
	}
	return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
}

export function formatBytes(bytes) {
	if (typeof bytes !== 'number') {
		return '-';
	}
	if (bytes < 1024 * 1024) {
		return Math.round(bytes / 1024) + ' KB';
	}
	return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

function pad(n, width) {
	return String(n).padStart(width, '0');
}

export function formatTime(seconds) {
	const d = new Date(seconds * 1000);
	return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.'
		+ pad(d.getMilliseconds(), 3);
}

export function formatDateTime(seconds) {
	const d = new Date(seconds * 1000);
	return d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + ' ' + formatTime(seconds);
}

export function ago(seconds) {
	const delta = Math.max(0, nowSeconds() - seconds);
	if (delta < 60) {
		return Math.round(delta) + ' s ago';
	}
	if (delta < 3600) {
		return Math.round(delta / 60) + ' min ago';
	}
	if (delta < 86400) {
		return Math.round(delta / 3600) + ' h ago';
	}
	return Math.round(delta / 86400) + ' d ago';
}

// ---------------------------------------------------------------- widgets

export function statusBadge(status) {
	if (typeof status !== 'number') {
		return h('span', { 'class': 'status none', text: '-' });
	}
	const kind = status >= 500 ? 'fault' : (status >= 400 ? 'error' : 'ok');
	return h('span', { 'class': 'status ' + kind, text: status });
}

export function marks(item) {
	return [
		item.fault ? h('span', { 'class': 'mark fault', title: 'Fault (5xx)', text: 'Fault' }) : null,
		item.error && !item.throttle ? h('span', { 'class': 'mark error', title: 'Error (4xx)', text: 'Error' }) : null,
		item.throttle ? h('span', { 'class': 'mark throttle', title: 'Throttled (429)', text: 'Throttle' }) : null,
		item.partial ? h('span', { 'class': 'mark partial', title: 'In progress or incomplete', text: 'Partial' }) : null
	];
}

export function pretty(value) {
	return h('pre', { 'class': 'json', text: JSON.stringify(value, null, 2) });
}

/**
 * A two-column table of [label, value] rows; rows without a value are left out, and so is the table if none is
 * left. Values are elements or anything toText writes.
 */
export function kvTable(rows) {
	const body = rows.filter((row) => row[1] !== undefined && row[1] !== null && row[1] !== '')
		.map((row) => h('tr', null, h('th', { text: row[0] }),
			h('td', null, row[1] instanceof Node ? row[1] : toText(row[1]))));
	return body.length ? h('table', { 'class': 'kv' }, h('tbody', null, body)) : null;
}

export function loading() {
	return h('div', { 'class': 'empty', text: 'Loading…' });
}
