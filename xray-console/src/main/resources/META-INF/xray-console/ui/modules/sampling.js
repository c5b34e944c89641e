/*
 * The sampling rules page: the rules the console serves to SDKs through GetSamplingRules and GetSamplingTargets,
 * with what SDKs reported for each (GetSamplingTargets' statistics) per rule and per client over the last
 * reporting windows. Rules are created, edited and deleted through the X-Ray API (CreateSamplingRule,
 * UpdateSamplingRule, DeleteSamplingRule), so the page can do nothing the AWS CLI or an SDK could not; the API's
 * own error messages are shown as they come.
 *
 * The page is a list of sections, each a panel of its own filled by its render function from the console's
 * sampling view (GET console/sampling) whenever the page loads or refreshes. The rule editor is not a section: it
 * stays as the user left it while the sections refresh around it.
 */
import { consoleSampling, createSamplingRule, deleteSamplingRule, updateSamplingRule } from './api.js';
import { showView, viewToken } from './page.js';
import { ago, fill, formatTime, h, loading, objectOr, objectsIn, toText } from './shared.js';

/**
 * A section of the page: the id of its panel and a function (sampling, context) returning the panel's content.
 * The context offers reload(), to load the page's data again after a change.
 */
const SECTIONS = [
	{ id: 'sampling-panel', render: rulesPanel }
];

const DEFAULT_RULE = 'Default';

/** The rule fields the editor shows: API member, label, input type, and whether Default's may change. */
const FIELDS = [
	{ name: 'RuleName', label: 'Name', type: 'text', max: 32, hint: '1 to 32 characters' },
	{ name: 'Priority', label: 'Priority', type: 'number', hint: '1 (first) to 9999' },
	{ name: 'ReservoirSize', label: 'Reservoir', type: 'number', hint: 'requests per second, shared by all clients', forDefault: true },
	{ name: 'FixedRate', label: 'Fixed rate', type: 'number', hint: '0 to 1, after the reservoir', forDefault: true },
	{ name: 'ServiceName', label: 'Service name', type: 'text', max: 64, hint: 'segment name; * and ? match' },
	{ name: 'ServiceType', label: 'Service type', type: 'text', max: 64, hint: 'origin, e.g. AWS::EC2::Instance' },
	{ name: 'Host', label: 'Host', type: 'text', max: 64 },
	{ name: 'HTTPMethod', label: 'HTTP method', type: 'text', max: 10 },
	{ name: 'URLPath', label: 'URL path', type: 'text', max: 128 },
	{ name: 'ResourceARN', label: 'Resource ARN', type: 'text', max: 500, hint: 'SDKs use rules with * only' },
	{ name: 'Attributes', label: 'Attributes', type: 'textarea', hint: 'key=value per line, at most 5' }
];

const NEW_RULE = { RuleName: '', Priority: 1000, ReservoirSize: 1, FixedRate: 0.05, ServiceName: '*', ServiceType: '*',
	Host: '*', HTTPMethod: '*', URLPath: '*', ResourceARN: '*', Attributes: {} };

/** Rules whose windows and clients are shown, by name; kept across refreshes. */
const expanded = new Set();

/** The rule a delete was asked for and not yet confirmed. */
let deleting = null;

/** The API's answer to the last delete that failed, shown above the rules until the next change. */
let rulesError = null;

export function render() {
	expanded.clear();
	deleting = null;
	rulesError = null;
	showView('sampling', [
		h('h1', { text: 'Sampling rules' }),
		h('p', { 'class': 'subtitle' }, 'Served to SDKs through GetSamplingRules and GetSamplingTargets; a change reaches them at their ',
			'next GetSamplingTargets call (every 10 s). The configured rules (',
			h('code', { text: 'xray.console.sampling.rules' }), ') are the starting set; changes last until the console stops.'),
		h('div', { id: 'sampling-editor' }),
		SECTIONS.map((section) => h('div', { 'class': 'panel', id: section.id }, loading()))
	]);
	load();
}

export function refresh() {
	load();
}

async function load() {
	const view = viewToken();
	let sampling;
	try {
		sampling = await consoleSampling();
	}
	catch (e) {
		if (view.isCurrent()) {
			fill(document.getElementById('sampling-panel'), h('div', { 'class': 'alert', style: 'margin-top:12px', text: e.message }));
		}
		return;
	}
	if (!view.isCurrent()) {
		return;
	}
	const context = { reload: load };
	SECTIONS.forEach((section) => fill(document.getElementById(section.id), section.render(sampling, context)));
}

// ---------------------------------------------------------------- the rules and their statistics

function rulesPanel(sampling, context) {
	const rules = objectsIn(sampling.rules);
	return [
		h('div', { 'class': 'panel-head' }, h('h2', null, 'Rules ', h('span', { 'class': 'count', text: '(' + rules.length + ')' })),
			h('span', { 'class': 'spacer' }),
			h('span', { 'class': 'muted', text: 'Last change ' + ago(sampling.lastRuleModification) }),
			h('button', { type: 'button', 'class': 'btn btn-primary', id: 'rule-new', onclick: () => openEditor(null, context) }, 'New rule')),
		h('div', { id: 'sampling-error' }, rulesError ? errorAlert(rulesError) : null),
		h('table', { 'class': 'grid sampling-rules' },
			h('thead', null, h('tr', null,
				h('th', { text: 'Name' }), h('th', { 'class': 'num', text: 'Priority' }), h('th', { text: 'Matches' }),
				h('th', { 'class': 'num', text: 'Reservoir' }), h('th', { 'class': 'num', text: 'Fixed rate' }),
				h('th', { 'class': 'num', title: 'In the latest reporting window', text: 'Requests' }),
				h('th', { 'class': 'num', title: 'In the latest reporting window', text: 'Sampled' }),
				h('th', { 'class': 'num', title: 'In the latest reporting window', text: 'Borrowed' }),
				h('th', { title: 'Requests per window over the last five minutes', text: 'Trend' }),
				h('th', { 'class': 'num', text: 'Clients' }), h('th', { text: '' }))),
			h('tbody', null, rules.map((entry) => ruleRows(entry, sampling, context))))
	];
}

function ruleRows(entry, sampling, context) {
	const rule = objectOr(entry.rule);
	const name = toText(rule.RuleName);
	const windows = objectsIn(entry.windows);
	const latest = windows.length ? windows[windows.length - 1] : {};
	const clients = objectsIn(entry.clients);
	const open = expanded.has(name);
	const row = h('tr', { 'class': 'clickable', 'data-rule': name, onclick: () => toggle(name, context) },
		h('td', { 'class': 'rule-name' }, h('span', { 'class': 'disclosure', text: open ? '▾ ' : '▸ ' }), h('b', { text: name })),
		h('td', { 'class': 'num', text: rule.Priority }),
		h('td', null, matches(rule)),
		h('td', { 'class': 'num', text: toText(rule.ReservoirSize) + '/s' }),
		h('td', { 'class': 'num', 'data-field': 'FixedRate', text: percent(rule.FixedRate) }),
		h('td', { 'class': 'num', text: latest.requests || 0 }),
		h('td', { 'class': 'num', text: latest.sampled || 0 }),
		h('td', { 'class': 'num', text: latest.borrowed || 0 }),
		h('td', null, trend(windows, sampling.windowSeconds)),
		h('td', { 'class': 'num', text: clients.length }),
		h('td', { 'class': 'actions' }, ruleActions(name, context)));
	return open ? [row, h('tr', { 'class': 'rule-details' }, h('td', { colspan: 11 }, details(entry, sampling)))] : row;
}

function ruleActions(name, context) {
	const stop = (handler) => (event) => {
		event.stopPropagation();
		handler();
	};
	return [
		h('button', { type: 'button', 'class': 'btn btn-small rule-edit', 'data-rule': name,
			onclick: stop(() => openEditor(name, context)) }, 'Edit'),
		name === DEFAULT_RULE ? null : deleting === name
			? h('button', { type: 'button', 'class': 'btn btn-small btn-danger rule-delete-confirm', 'data-rule': name,
				onclick: stop(() => remove(name, context)) }, 'Confirm delete')
			: h('button', { type: 'button', 'class': 'btn btn-small rule-delete', 'data-rule': name,
				onclick: stop(() => {
					deleting = name;
					context.reload();
				}) }, 'Delete')
	];
}

function matches(rule) {
	const parts = [['service', rule.ServiceName], ['type', rule.ServiceType], ['host', rule.Host],
		['method', rule.HTTPMethod], ['path', rule.URLPath], ['resource', rule.ResourceARN]];
	const attributes = objectOr(rule.Attributes);
	Object.keys(attributes).forEach((key) => parts.push([key, attributes[key]]));
	return h('span', { 'class': 'matchers' }, parts.map((part) => h('span', { 'class': 'matcher' + (part[1] === '*' ? ' any' : '') },
		h('span', { 'class': 'muted', text: part[0] + ' ' }), h('code', { text: part[1] }))));
}

function percent(rate) {
	return typeof rate === 'number' ? Math.round(rate * 1000) / 10 + '%' : toText(rate);
}

/** A bar per window of the last five minutes: its height the requests, its dark part the sampled ones. */
function trend(windows, windowSeconds) {
	const slots = 30;
	const seconds = typeof windowSeconds === 'number' && windowSeconds > 0 ? windowSeconds : 10;
	const current = Math.floor(Date.now() / 1000 / seconds);
	const max = Math.max(1, ...windows.map((w) => (typeof w.requests === 'number' ? w.requests : 0)));
	const height = (count) => (typeof count === 'number' && count > 0 ? Math.max(1, Math.round(16 * count / max)) : 0);
	return h('svg:svg', { 'class': 'trend', width: slots * 2, height: 18, viewBox: '0 0 ' + (slots * 2) + ' 18' },
		windows.map((w) => {
			const slot = slots - 1 - (current - Math.floor(w.start / seconds));
			if (!(slot >= 0 && slot < slots)) {
				return null;
			}
			return h('svg:g', null,
				h('svg:title', { text: formatTime(w.start) + ': ' + toText(w.requests) + ' requests, ' + toText(w.sampled) + ' sampled' }),
				h('svg:rect', { 'class': 'requests', x: slot * 2, y: 18 - height(w.requests), width: 1.5, height: height(w.requests) }),
				h('svg:rect', { 'class': 'sampled', x: slot * 2, y: 18 - height(w.sampled), width: 1.5, height: height(w.sampled) }));
		}));
}

function toggle(name, context) {
	if (expanded.has(name)) {
		expanded.delete(name);
	}
	else {
		expanded.add(name);
	}
	context.reload();
}

function details(entry, sampling) {
	const windows = objectsIn(entry.windows).slice().reverse();
	const clients = objectsIn(entry.clients);
	const count = (value) => h('td', { 'class': 'num', text: value || 0 });
	return h('div', { 'class': 'rule-statistics' },
		h('div', null, h('div', { 'class': 'section-title', text: 'Per window (' + (sampling.windowSeconds || 10) + ' s), newest first' }),
			windows.length ? h('table', { 'class': 'grid' },
				h('thead', null, h('tr', null, ['Window', 'Requests', 'Sampled', 'Borrowed', 'Reports'].map((label, i) =>
					h('th', { 'class': i ? 'num' : null, text: label })))),
				h('tbody', null, windows.map((w) => h('tr', null, h('td', { text: formatTime(w.start) }), count(w.requests),
					count(w.sampled), count(w.borrowed), count(w.reports)))))
				: h('div', { 'class': 'empty', style: 'padding:8px', text: 'No client reported on this rule in the last five minutes.' })),
		h('div', null, h('div', { 'class': 'section-title', text: 'Per client, last minute' }),
			clients.length ? h('table', { 'class': 'grid' },
				h('thead', null, h('tr', null, ['Client', 'Last report', 'Requests', 'Sampled', 'Borrowed', 'Windows'].map((label, i) =>
					h('th', { 'class': i > 1 && i < 5 ? 'num' : null, text: label })))),
				h('tbody', null, clients.map((client) => {
					const own = objectsIn(client.windows);
					const sum = (key) => own.reduce((total, w) => total + (typeof w[key] === 'number' ? w[key] : 0), 0);
					return h('tr', { 'data-client': client.clientId }, h('td', { 'class': 'mono', text: client.clientId }),
						h('td', { text: ago(client.lastReport) }), count(sum('requests')), count(sum('sampled')), count(sum('borrowed')),
						h('td', { 'class': 'mono' }, own.map((w) => h('span', { 'class': 'window-chip',
							title: formatTime(w.start) + ': requests / sampled / borrowed',
							text: toText(w.requests) + '/' + toText(w.sampled) + '/' + toText(w.borrowed) }))));
				})))
				: h('div', { 'class': 'empty', style: 'padding:8px', text: 'No client reported in the last minute.' }),
			entry.droppedClients ? h('div', { 'class': 'hint', text: entry.droppedClients + ' more clients reported but are not tracked.' }) : null));
}

async function remove(name, context) {
	deleting = null;
	rulesError = null;
	try {
		await deleteSamplingRule(name);
		expanded.delete(name);
	}
	catch (e) {
		rulesError = e;
	}
	context.reload();
}

function errorAlert(error) {
	return h('div', { 'class': 'alert', role: 'alert' }, error.type ? h('b', { text: toText(error.type) + ': ' }) : null,
		toText(error.message));
}

function showError(id, error) {
	fill(document.getElementById(id), errorAlert(error));
}

// ---------------------------------------------------------------- the editor

async function openEditor(name, context) {
	let rule = NEW_RULE;
	if (name !== null) {
		const sampling = await consoleSampling().catch(() => null);
		const entry = sampling ? objectsIn(sampling.rules).find((candidate) => objectOr(candidate.rule).RuleName === name) : null;
		if (!entry) {
			rulesError = new Error('The rule ' + name + ' no longer exists.');
			context.reload();
			return;
		}
		rule = objectOr(entry.rule);
	}
	const creating = name === null;
	const onlyRateAndReservoir = name === DEFAULT_RULE;
	const inputs = {};
	const form = h('form', { 'class': 'rule-form', id: 'rule-form', novalidate: true, onsubmit: (event) => {
		event.preventDefault();
		save(creating, rule, inputs, context);
	} },
	h('div', { 'class': 'form-grid' }, FIELDS.map((field) => {
		const disabled = (!creating && field.name === 'RuleName') || (onlyRateAndReservoir && !field.forDefault);
		const value = field.name === 'Attributes' ? formatAttributes(rule.Attributes) : toText(rule[field.name]);
		const input = field.type === 'textarea'
			? h('textarea', { id: 'rule-' + field.name, name: field.name, rows: 3, disabled: disabled, text: value })
			: h('input', { id: 'rule-' + field.name, name: field.name, type: 'text',
				inputmode: field.type === 'number' ? 'decimal' : null, maxlength: field.max || null, value: value, disabled: disabled,
				autocomplete: 'off' });
		inputs[field.name] = input;
		return h('label', { 'class': 'field' }, h('span', { 'class': 'field-label', text: field.label }), input,
			field.hint ? h('span', { 'class': 'field-hint', text: field.hint }) : null);
	})),
	h('div', { id: 'rule-error' }),
	h('div', { 'class': 'form-actions' },
		h('button', { type: 'submit', 'class': 'btn btn-primary', id: 'rule-save' }, creating ? 'Create rule' : 'Save'),
		h('button', { type: 'button', 'class': 'btn', id: 'rule-cancel', onclick: closeEditor }, 'Cancel'),
		onlyRateAndReservoir ? h('span', { 'class': 'field-hint', text: 'Only the Default rule\'s reservoir and fixed rate can change.' }) : null));
	fill(document.getElementById('sampling-editor'), h('div', { 'class': 'panel' },
		h('div', { 'class': 'panel-head' }, h('h2', { text: creating ? 'New sampling rule' : 'Edit ' + name })),
		h('div', { 'class': 'panel-body' }, form)));
	const first = Object.values(inputs).find((input) => !input.disabled);
	if (first) {
		first.focus();
	}
}

function closeEditor() {
	fill(document.getElementById('sampling-editor'), null);
}

async function save(creating, original, inputs, context) {
	let rule;
	try {
		rule = readForm(inputs);
	}
	catch (e) {
		showError('rule-error', e);
		return;
	}
	const button = document.getElementById('rule-save');
	button.disabled = true;
	try {
		if (creating) {
			rule.Version = 1;
			await createSamplingRule(rule);
		}
		else {
			const update = { RuleName: original.RuleName };
			Object.keys(rule).forEach((key) => {
				if (!inputs[key] || !inputs[key].disabled) {
					update[key] = rule[key];
				}
			});
			await updateSamplingRule(update);
		}
	}
	catch (e) {
		button.disabled = false;
		showError('rule-error', e);
		return;
	}
	closeEditor();
	rulesError = null;
	context.reload();
}

/**
 * The form's values as a rule: numbers as numbers; text that is not a number is sent as it is, for the API to
 * refuse with its own message.
 */
function readForm(inputs) {
	const rule = {};
	FIELDS.forEach((field) => {
		const text = inputs[field.name].value;
		if (field.name === 'Attributes') {
			rule.Attributes = parseAttributes(text);
		}
		else if (field.type === 'number') {
			const trimmed = text.trim();
			if (trimmed !== '') {
				const number = Number(trimmed);
				rule[field.name] = isFinite(number) ? number : trimmed;
			}
		}
		else {
			rule[field.name] = text;
		}
	});
	return rule;
}

function formatAttributes(attributes) {
	const map = objectOr(attributes);
	return Object.keys(map).map((key) => key + '=' + toText(map[key])).join('\n');
}

function parseAttributes(text) {
	const attributes = {};
	text.split('\n').map((line) => line.trim()).filter((line) => line).forEach((line) => {
		const equals = line.indexOf('=');
		if (equals <= 0) {
			throw new Error('Attributes: write each as key=value on its own line ("' + line + '" is not).');
		}
		attributes[line.substring(0, equals).trim()] = line.substring(equals + 1).trim();
	});
	return attributes;
}
