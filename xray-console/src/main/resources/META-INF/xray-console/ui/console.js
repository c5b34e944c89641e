/*
 * X-Ray local console UI. Plain JavaScript, no build step. Every URL is relative so the UI works at "/" (standalone)
 * and under a base path such as "/xray/" (embedded). Data from the network is only ever inserted as text.
 */
(function () {
	'use strict';

	var REFRESH_MS = 5000;
	var RANGES = [
		{ value: 300, label: 'Last 5 minutes' },
		{ value: 900, label: 'Last 15 minutes' },
		{ value: 3600, label: 'Last 1 hour' },
		{ value: 21600, label: 'Last 6 hours' },
		{ value: 86400, label: 'Last 24 hours' },
		{ value: 0, label: 'All stored traces' }
	];

	// Segment origins: nodes of these types are instrumented services, other AWS:: types are called resources.
	var ORIGINS = ['AWS::EC2::Instance', 'AWS::ECS::Container', 'AWS::ECS::EC2', 'AWS::ECS::Fargate', 'AWS::EKS::Container',
		'AWS::ElasticBeanstalk::Environment', 'AWS::AppRunner::Service', 'AWS::Lambda::Function'];

	var state = {
		filter: '',
		range: 900,
		selectedNode: null,
		selectedTab: 'overview',
		selectedService: null,
		timer: null,
		renderToken: 0
	};

	// ---------------------------------------------------------------- helpers

	function h(tag, attrs) {
		var element = document.createElementNS(tag.indexOf('svg:') === 0 ? 'http://www.w3.org/2000/svg'
			: 'http://www.w3.org/1999/xhtml', tag.replace('svg:', ''));
		if (attrs) {
			Object.keys(attrs).forEach(function (key) {
				var value = attrs[key];
				if (value === null || value === undefined || value === false) {
					return;
				}
				if (key === 'text') {
					element.textContent = String(value);
				}
				else if (key.indexOf('on') === 0 && typeof value === 'function') {
					element.addEventListener(key.substring(2), value);
				}
				else {
					element.setAttribute(key, value === true ? '' : String(value));
				}
			});
		}
		for (var i = 2; i < arguments.length; i++) {
			append(element, arguments[i]);
		}
		return element;
	}

	function append(parent, child) {
		if (child === null || child === undefined || child === false) {
			return;
		}
		if (Array.isArray(child)) {
			child.forEach(function (c) { append(parent, c); });
		}
		else if (typeof child === 'object' && child.nodeType) {
			parent.appendChild(child);
		}
		else {
			parent.appendChild(document.createTextNode(String(child)));
		}
	}

	function api(path, body) {
		var options = body === undefined ? {} : {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body)
		};
		return fetch(path, options).then(function (response) {
			return response.text().then(function (text) {
				var json = text ? JSON.parse(text) : {};
				if (!response.ok) {
					var error = new Error(json.message || ('HTTP ' + response.status));
					error.type = json.__type;
					throw error;
				}
				return json;
			});
		});
	}

	// Documents are checked at ingestion, but the UI reads every optional field as if it could be anything.
	function isObject(value) {
		return value !== null && typeof value === 'object' && !Array.isArray(value);
	}

	function objectOr(value) {
		return isObject(value) ? value : {};
	}

	function objectsIn(value) {
		return Array.isArray(value) ? value.filter(isObject) : [];
	}

	function isTime(value) {
		return typeof value === 'number' && isFinite(value);
	}

	function nowSeconds() {
		return Date.now() / 1000;
	}

	function timeRange() {
		var end = nowSeconds() + 60;
		return { StartTime: state.range ? end - 60 - state.range : 0, EndTime: end };
	}

	function formatDuration(seconds) {
		if (seconds === null || seconds === undefined || isNaN(seconds)) {
			return '-';
		}
		var ms = seconds * 1000;
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

	function formatBytes(bytes) {
		if (typeof bytes !== 'number') {
			return '-';
		}
		if (bytes < 1024 * 1024) {
			return Math.round(bytes / 1024) + ' KB';
		}
		return (bytes / 1024 / 1024).toFixed(1) + ' MB';
	}

	function pad(n, width) {
		var s = String(n);
		while (s.length < width) {
			s = '0' + s;
		}
		return s;
	}

	function formatTime(seconds) {
		var d = new Date(seconds * 1000);
		return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.'
			+ pad(d.getMilliseconds(), 3);
	}

	function formatDateTime(seconds) {
		var d = new Date(seconds * 1000);
		return d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + ' ' + formatTime(seconds);
	}

	function ago(seconds) {
		var delta = Math.max(0, nowSeconds() - seconds);
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

	function statusBadge(status) {
		if (status === undefined || status === null) {
			return h('span', { 'class': 'status none', text: '-' });
		}
		var kind = status >= 500 ? 'fault' : (status >= 400 ? 'error' : 'ok');
		return h('span', { 'class': 'status ' + kind, text: status });
	}

	function marks(item) {
		return [
			item.fault ? h('span', { 'class': 'mark fault', title: 'Fault (5xx)', text: 'Fault' }) : null,
			item.error && !item.throttle ? h('span', { 'class': 'mark error', title: 'Error (4xx)', text: 'Error' }) : null,
			item.throttle ? h('span', { 'class': 'mark throttle', title: 'Throttled (429)', text: 'Throttle' }) : null,
			item.partial ? h('span', { 'class': 'mark partial', title: 'In progress or incomplete', text: 'Partial' }) : null
		];
	}

	function pretty(value) {
		return h('pre', { 'class': 'json', text: JSON.stringify(value, null, 2) });
	}

	function kvTable(rows) {
		var body = rows.filter(function (row) {
			return row[1] !== undefined && row[1] !== null && row[1] !== '';
		}).map(function (row) {
			var value = row[1];
			if (typeof value === 'object' && !value.nodeType) {
				value = JSON.stringify(value);
			}
			return h('tr', null, h('th', { text: row[0] }), h('td', null, value));
		});
		return body.length ? h('table', { 'class': 'kv' }, h('tbody', null, body)) : null;
	}

	function main() {
		return document.getElementById('main');
	}

	function setView(name) {
		Array.prototype.forEach.call(document.querySelectorAll('.sidenav a'), function (link) {
			link.classList.toggle('active', link.getAttribute('data-view') === name);
		});
	}

	function replaceMain(content) {
		var container = main();
		container.textContent = '';
		append(container, content);
	}

	function rangeSelect(onChange) {
		return h('select', {
			'aria-label': 'Time range',
			onchange: function (event) {
				state.range = Number(event.target.value);
				onChange();
			}
		}, RANGES.map(function (range) {
			return h('option', { value: range.value, selected: range.value === state.range, text: range.label });
		}));
	}

	// ---------------------------------------------------------------- counters (top bar)

	function refreshCounters() {
		return api('console/status').then(function (status) {
			var receiver = status.receiver || {};
			var store = status.store || {};
			var counters = document.getElementById('counters');
			counters.textContent = '';
			var chip = function (label, value, cls, title) {
				return h('span', { 'class': 'chip' + (cls ? ' ' + cls : ''), title: title }, label, h('b', { text: value }));
			};
			append(counters, [
				chip('Traces', store.traces, null, 'Traces held (max ' + store.maxTraces + ')'),
				receiver.running ? chip('UDP', receiver.address, null, 'Daemon address') :
					chip('UDP', 'not running', 'down', receiver.failure || 'Receiver disabled'),
				chip('Received', receiver.received || 0, null, 'Datagrams received'),
				chip('Accepted', receiver.accepted || 0, null, 'Datagrams accepted'),
				chip('Rejected', receiver.rejected || 0, receiver.rejected ? 'bad' : null, 'Datagrams rejected or dropped'),
				store.evictedTraces ? chip('Evicted', store.evictedTraces, 'bad', 'Traces evicted because the store was full') : null
			]);
			var foot = document.getElementById('sidenav-foot');
			foot.textContent = '';
			append(foot, ['Send segments to ', h('code', { text: receiver.running ? 'udp://' + receiver.address : '-' }),
				h('br'), 'Started ', ago(status.console.startedAt)]);
			return status;
		}).catch(function () {
			var counters = document.getElementById('counters');
			counters.textContent = '';
			append(counters, h('span', { 'class': 'chip down' }, 'Console unreachable'));
		});
	}

	// ---------------------------------------------------------------- traces list

	function renderTraces() {
		setView('traces');
		var input = h('input', {
			type: 'text', id: 'filter', value: state.filter, spellcheck: 'false', autocomplete: 'off',
			placeholder: 'Filter expression, e.g. service("orders") AND http.status >= 500',
			'aria-label': 'Filter expression',
			onkeydown: function (event) {
				if (event.key === 'Enter') {
					state.filter = input.value;
					loadTraces();
				}
			}
		});
		var examples = ['service("name")', 'annotation.key = "value"', 'http.status = 500', 'fault', 'error',
			'responsetime > 1'];
		replaceMain([
			h('h1', { text: 'Traces' }),
			h('p', { 'class': 'subtitle', text: 'Requests recorded by your services, newest first.' }),
			h('div', { 'class': 'panel' },
				h('div', { 'class': 'query' }, input, rangeSelect(loadTraces),
					h('button', {
						type: 'button', 'class': 'btn btn-primary', id: 'run-query', text: 'Run query',
						onclick: function () { state.filter = input.value; loadTraces(); }
					})),
				h('div', { 'class': 'hint' }, 'Examples: ', examples.map(function (example, i) {
					return [i ? ' ' : '', h('code', {
						text: example, title: 'Use this expression',
						onclick: function () { input.value = example; input.focus(); }
					})];
				})),
				h('div', { id: 'query-error' })),
			h('div', { 'class': 'panel', id: 'trace-list' },
				h('div', { 'class': 'panel-head' }, h('h2', null, 'Traces ', h('span', { 'class': 'count', id: 'trace-count' }))),
				h('div', { id: 'trace-table' }, h('div', { 'class': 'empty', text: 'Loading…' })))
		]);
		loadTraces();
	}

	function loadTraces() {
		var token = state.renderToken;
		var request = timeRange();
		request.TimeRangeType = 'Event';
		if (state.filter.trim()) {
			request.FilterExpression = state.filter;
		}
		return api('TraceSummaries', request).then(function (response) {
			if (token !== state.renderToken) {
				return;
			}
			setQueryError(null);
			renderTraceTable(response.TraceSummaries || []);
		}).catch(function (error) {
			if (token === state.renderToken) {
				setQueryError(error.message);
			}
		});
	}

	function setQueryError(message) {
		var box = document.getElementById('query-error');
		if (box) {
			box.textContent = '';
			if (message) {
				append(box, h('div', { 'class': 'alert', role: 'alert', text: message }));
			}
		}
	}

	function renderTraceTable(summaries) {
		var holder = document.getElementById('trace-table');
		if (!holder) {
			return;
		}
		document.getElementById('trace-count').textContent = '(' + summaries.length + ')';
		holder.textContent = '';
		if (!summaries.length) {
			append(holder, h('div', { 'class': 'empty' }, state.filter ? 'No trace matches this filter in the time range.'
				: ['No traces yet. Point an X-Ray SDK at this console, for example ',
					h('code', { text: 'AWS_XRAY_DAEMON_ADDRESS=' + daemonAddress() }), '.']));
			return;
		}
		var rows = summaries.map(function (summary) {
			var http = summary.Http || {};
			var status = http.HttpStatus;
			return h('tr', {
				'class': 'clickable trace-row', 'data-trace-id': summary.Id, tabindex: 0,
				onclick: function () { location.hash = '#/traces/' + summary.Id; },
				onkeydown: function (event) { if (event.key === 'Enter') { location.hash = '#/traces/' + summary.Id; } }
			},
				h('td', { title: formatDateTime(summary.StartTime) }, formatTime(summary.StartTime),
					h('div', { 'class': 'sub', style: 'color:var(--muted);font-size:12px', text: ago(summary.StartTime) })),
				h('td', null, h('a', { 'class': 'mono', href: '#/traces/' + summary.Id, text: summary.Id })),
				h('td', null, h('span', { 'class': 'method', text: http.HttpMethod || '' })),
				h('td', { 'class': 'url', title: http.HttpURL || '', text: http.HttpURL || (summary.EntryPoint ? summary.EntryPoint.Name : '') }),
				h('td', null, statusBadge(status)),
				h('td', { 'class': 'num', text: formatDuration(summary.ResponseTime) }),
				h('td', { 'class': 'num', text: formatDuration(summary.Duration) }),
				h('td', null, marks({
					fault: summary.HasFault, error: summary.HasError, throttle: summary.HasThrottle,
					partial: summary.IsPartial
				})),
				h('td', { text: (summary.ServiceIds || []).map(function (s) { return s.Name; }).join(', ') }));
		});
		append(holder, h('table', { 'class': 'grid' },
			h('thead', null, h('tr', null, h('th', { text: 'Time' }), h('th', { text: 'Trace ID' }),
				h('th', { text: 'Method' }), h('th', { text: 'URL' }), h('th', { text: 'Status' }),
				h('th', { 'class': 'num', text: 'Response time' }), h('th', { 'class': 'num', text: 'Duration' }),
				h('th', { text: '' }), h('th', { text: 'Services' }))),
			h('tbody', null, rows)));
	}

	var lastStatus = null;

	function daemonAddress() {
		return lastStatus && lastStatus.receiver && lastStatus.receiver.address ? lastStatus.receiver.address : '127.0.0.1:2000';
	}

	// ---------------------------------------------------------------- trace timeline

	function buildTrace(trace) {
		var nodes = {};
		var groups = [];
		var all = [];
		function walk(doc, parent, depth, group) {
			var node = {
				doc: doc, id: String(doc.id), name: typeof doc.name === 'string' && doc.name ? doc.name : '(unnamed)',
				parent: parent, depth: depth, group: group,
				start: isTime(doc.start_time) ? doc.start_time : NaN, end: isTime(doc.end_time) ? doc.end_time : NaN,
				inProgress: !isTime(doc.end_time), children: [], segment: depth === 0 && doc.type !== 'subsegment'
			};
			nodes[node.id] = nodes[node.id] || node;
			all.push(node);
			objectsIn(doc.subsegments).sort(function (a, b) { return a.start_time - b.start_time; })
				.forEach(function (child) { node.children.push(walk(child, node, depth + 1, group)); });
			return node;
		}
		(trace.Segments || []).forEach(function (entry) {
			var doc;
			try {
				doc = JSON.parse(entry.Document);
			}
			catch (e) {
				return;
			}
			if (!isObject(doc)) {
				return;
			}
			var group = { doc: doc, name: doc.name, origin: doc.origin, orphan: doc.type === 'subsegment' };
			group.root = walk(doc, null, 0, group);
			groups.push(group);
		});
		groups.sort(function (a, b) { return a.doc.start_time - b.doc.start_time; });
		var start = Infinity;
		var end = -Infinity;
		all.forEach(function (node) {
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

	function nodeClass(doc) {
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

	function httpStatus(doc) {
		var status = objectOr(objectOr(doc.http).response).status;
		return typeof status === 'number' ? status : undefined;
	}

	function renderTrace(traceId) {
		setView('traces');
		replaceMain([
			h('div', { 'class': 'breadcrumb' }, h('a', { href: '#/traces', text: 'Traces' }), ' › ', h('span', { 'class': 'mono', text: traceId })),
			h('h1', { text: 'Trace details' }),
			h('div', { id: 'trace-body' }, h('div', { 'class': 'panel' }, h('div', { 'class': 'empty', text: 'Loading…' })))
		]);
		state.selectedNode = null;
		loadTrace(traceId);
	}

	function loadTrace(traceId) {
		var token = state.renderToken;
		return api('Traces', { TraceIds: [traceId] }).then(function (response) {
			if (token !== state.renderToken) {
				return;
			}
			var body = document.getElementById('trace-body');
			if (!body) {
				return;
			}
			var trace = (response.Traces || [])[0];
			body.textContent = '';
			if (!trace) {
				append(body, h('div', { 'class': 'panel' }, h('div', { 'class': 'empty', text: 'Trace ' + traceId
					+ ' is not (or no longer) held by this console.' })));
				return;
			}
			var model = buildTrace(trace);
			if (!state.selectedNode || !model.nodes[state.selectedNode]) {
				state.selectedNode = model.groups.length ? model.groups[0].root.id : null;
			}
			append(body, [traceHeader(trace, model),
				h('div', { 'class': 'trace-layout' },
					h('div', { 'class': 'panel', id: 'timeline-panel' },
						h('div', { 'class': 'panel-head' }, h('h2', null, 'Segments timeline ',
							h('span', { 'class': 'count', text: '(' + model.all.length + ')' }))),
						timeline(model)),
					h('div', { 'class': 'panel details', id: 'details' }))]);
			renderDetails(model);
		}).catch(function (error) {
			var body = document.getElementById('trace-body');
			if (body && token === state.renderToken) {
				body.textContent = '';
				append(body, h('div', { 'class': 'alert', text: error.message }));
			}
		});
	}

	function traceHeader(trace, model) {
		var root = model.groups.filter(function (g) { return !g.orphan && !g.doc.parent_id; })[0] || model.groups[0];
		var doc = root ? root.doc : {};
		var request = objectOr(objectOr(doc.http).request);
		var services = model.groups.filter(function (g) { return !g.orphan; }).map(function (g) { return g.name; });
		var fact = function (label, value) {
			return h('div', { 'class': 'fact' }, h('span', { text: label }), h('span', null, value));
		};
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
		var total = model.end - model.start;
		var ticks = [0, 0.25, 0.5, 0.75, 1];
		var rows = [];
		model.groups.forEach(function (group) {
			rows.push(h('tr', { 'class': 'group' }, h('td', { colspan: 4 },
				group.orphan ? 'Subsegments of an unknown parent' : group.name,
				group.origin ? h('span', { 'class': 'origin', text: group.origin }) : null)));
			(function visit(node) {
				var doc = node.doc;
				var cls = nodeClass(doc);
				var left = (node.start - model.start) / total * 100;
				var width = node.inProgress ? 100 - left : Math.max(0.25, (node.end - node.start) / total * 100);
				// Offset label beside the bar where there is room, none where the bar fills the track.
				var labelStyle = left + width <= 78 ? 'left:' + (left + width + 0.5).toFixed(3) + '%'
					: (left >= 22 ? 'right:' + (100 - left + 0.5).toFixed(3) + '%' : null);
				rows.push(h('tr', {
					'class': 'tl-row' + (state.selectedNode === node.id ? ' selected' : ''), 'data-id': node.id,
					'data-name': node.name, tabindex: 0,
					onclick: function () { selectNode(model, node.id); },
					onkeydown: function (event) { if (event.key === 'Enter') { selectNode(model, node.id); } }
				},
					h('td', { title: node.name },
						h('span', { style: 'display:inline-block;width:' + (node.depth * 16) + 'px' }),
						h('span', { 'class': 'twisty', text: node.children.length ? '▾' : '' }),
						h('span', { 'class': 'name', style: node.depth === 0 ? 'font-weight:600' : null, text: node.name })),
					h('td', null, statusBadge(httpStatus(doc))),
					h('td', { 'class': 'num', style: 'text-align:right', text: node.inProgress ? 'pending' : formatDuration(node.end - node.start) }),
					h('td', { 'class': 'bar-cell' }, h('div', { 'class': 'track' },
						ticks.slice(1, 4).map(function (t) { return h('div', { 'class': 'grid-line', style: 'left:' + (t * 100) + '%' }); }),
						h('div', {
							'class': 'bar ' + cls + (node.depth === 0 ? ' segment' : ''),
							style: 'left:' + left.toFixed(3) + '%;width:' + width.toFixed(3) + '%',
							title: node.name + ' · ' + (node.inProgress ? 'in progress' : formatDuration(node.end - node.start))
						}),
						labelStyle ? h('span', {
							'class': 'bar-label', style: labelStyle, text: '+' + formatDuration(node.start - model.start)
						}) : null))));
				node.children.forEach(visit);
			})(group.root);
		});
		return h('table', { 'class': 'timeline' },
			h('colgroup', null, h('col', { 'class': 'c-name' }), h('col', { 'class': 'c-status' }), h('col', { 'class': 'c-dur' }), h('col')),
			h('thead', null, h('tr', null, h('th', { text: 'Name' }), h('th', { text: 'Res.' }),
				h('th', { style: 'text-align:right', text: 'Duration' }),
				h('th', null, h('div', { 'class': 'axis' }, ticks.map(function (t) {
					return h('span', { style: 'left:' + (t * 100) + '%', text: formatDuration(t * total) });
				}))))),
			h('tbody', null, rows));
	}

	function selectNode(model, id) {
		state.selectedNode = id;
		Array.prototype.forEach.call(document.querySelectorAll('.tl-row'), function (row) {
			row.classList.toggle('selected', row.getAttribute('data-id') === id);
		});
		renderDetails(model);
	}

	function exceptionsOf(doc) {
		return objectsIn(objectOr(doc.cause).exceptions);
	}

	function renderDetails(model) {
		var panel = document.getElementById('details');
		if (!panel) {
			return;
		}
		panel.textContent = '';
		var node = state.selectedNode ? model.nodes[state.selectedNode] : null;
		if (!node) {
			append(panel, h('div', { 'class': 'empty', text: 'Select a segment to see its details.' }));
			return;
		}
		var doc = node.doc;
		var annotations = objectOr(doc.annotations);
		var metadata = objectOr(doc.metadata);
		var exceptions = exceptionsOf(doc);
		var tabs = [
			{ id: 'overview', label: 'Overview' },
			{ id: 'resources', label: 'Resources' },
			{ id: 'annotations', label: 'Annotations', count: Object.keys(annotations).length },
			{ id: 'metadata', label: 'Metadata', count: Object.keys(metadata).length },
			{ id: 'exceptions', label: 'Exceptions', count: exceptions.length },
			{ id: 'raw', label: 'Raw data' }
		];
		if (!tabs.some(function (t) { return t.id === state.selectedTab; })) {
			state.selectedTab = 'overview';
		}
		append(panel, [
			h('div', { 'class': 'panel-head' }, h('h2', { text: (node.segment ? 'Segment: ' : 'Subsegment: ') + node.name })),
			h('div', { 'class': 'tabs', role: 'tablist' }, tabs.map(function (tab) {
				return h('button', {
					type: 'button', role: 'tab', 'data-tab': tab.id,
					'class': state.selectedTab === tab.id ? 'active' : null,
					onclick: function () { state.selectedTab = tab.id; renderDetails(model); }
				}, tab.label, tab.count ? h('span', { 'class': 'badge', text: tab.count }) : null);
			})),
			h('div', { 'class': 'panel-body', id: 'details-body' }, detailsTab(state.selectedTab, node, doc, annotations,
				metadata, exceptions))
		]);
	}

	function detailsTab(tab, node, doc, annotations, metadata, exceptions) {
		if (tab === 'overview') {
			return kvTable([
				['Name', doc.name],
				['ID', h('span', { 'class': 'mono', text: doc.id })],
				['Parent ID', doc.parent_id ? h('span', { 'class': 'mono', text: doc.parent_id }) : (node.parent ? h('span', { 'class': 'mono', text: node.parent.id }) : null)],
				['Start time', isTime(doc.start_time) ? formatDateTime(doc.start_time) : '-'],
				['End time', isTime(doc.end_time) ? formatDateTime(doc.end_time) : 'in progress'],
				['Duration', isTime(doc.end_time) ? formatDuration(doc.end_time - doc.start_time) : 'in progress'],
				['Response code', httpStatus(doc)],
				['Status', h('span', null, marks({ fault: doc.fault, error: doc.error, throttle: doc.throttle, partial: doc.in_progress }),
					!doc.fault && !doc.error && !doc.throttle ? 'OK' : '')],
				['Origin', doc.origin],
				['Namespace', doc.namespace],
				['User', doc.user],
				['Sampling rule', objectOr(objectOr(doc.aws).xray).rule_name],
				['SDK', [objectOr(objectOr(doc.aws).xray).sdk, objectOr(objectOr(doc.aws).xray).sdk_version].filter(Boolean).join(' ')]
			]);
		}
		if (tab === 'resources') {
			var sections = [];
			var add = function (title, value) {
				if (value && typeof value === 'object' && Object.keys(value).length) {
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
		if (tab === 'annotations') {
			var keys = Object.keys(annotations);
			return keys.length ? kvTable(keys.map(function (key) { return [key, JSON.stringify(annotations[key])]; }))
				: h('div', { 'class': 'empty', text: 'No annotations.' });
		}
		if (tab === 'metadata') {
			var namespaces = Object.keys(metadata);
			return namespaces.length ? namespaces.map(function (namespace) {
				return [h('div', { 'class': 'section-title', text: namespace }), pretty(metadata[namespace])];
			}) : h('div', { 'class': 'empty', text: 'No metadata.' });
		}
		if (tab === 'exceptions') {
			if (!exceptions.length) {
				return h('div', { 'class': 'empty', text: typeof doc.cause === 'string' ? 'Cause: exception ' + doc.cause
					+ ' (recorded on another subsegment).' : 'No exceptions.' });
			}
			return [doc.cause.working_directory ? kvTable([['Working directory', doc.cause.working_directory]]) : null,
				exceptions.map(function (ex) {
					var stack = objectsIn(ex.stack);
					return h('div', { 'class': 'exception' },
						h('div', { 'class': 'ex-head' }, h('span', { 'class': 'ex-type', text: ex.type || 'Exception' }),
							ex.message ? ': ' + ex.message : '', ex.remote ? ' (remote)' : ''),
						stack.length ? h('ol', null, stack.map(function (frame) {
							return h('li', { text: 'at ' + (frame.label || '?') + (frame.path ? ' (' + frame.path
								+ (frame.line !== undefined ? ':' + frame.line : '') + ')' : '') });
						}), ex.truncated ? h('li', { text: '… ' + ex.truncated + ' more' }) : null) : null);
				})];
		}
		var copy = Object.assign({}, doc);
		delete copy.subsegments;
		return pretty(copy);
	}

	function flatten(value, prefix) {
		var rows = [];
		Object.keys(value).forEach(function (key) {
			var v = value[key];
			var name = prefix ? prefix + '.' + key : key;
			if (v && typeof v === 'object' && !Array.isArray(v)) {
				rows = rows.concat(flatten(v, name));
			}
			else {
				rows.push([name, Array.isArray(v) ? JSON.stringify(v) : String(v)]);
			}
		});
		return rows;
	}

	// ---------------------------------------------------------------- service map

	function renderMap() {
		setView('map');
		replaceMain([
			h('h1', { text: 'Trace map' }),
			h('p', { 'class': 'subtitle', text: 'Services, the resources they call and the clients calling them.' }),
			h('div', { 'class': 'map-wrap' },
				h('div', { 'class': 'panel' },
					h('div', { 'class': 'panel-head' }, h('h2', { text: 'Service map' }), h('span', { 'class': 'spacer' }),
						rangeSelect(loadMap)),
					h('div', { 'class': 'map-canvas', id: 'map-canvas' }, h('div', { 'class': 'empty', text: 'Loading…' })),
					h('div', { 'class': 'legend' },
						h('span', null, h('i', { style: 'background:var(--ok)' }), 'OK'),
						h('span', null, h('i', { style: 'background:var(--error)' }), 'Error (4xx)'),
						h('span', null, h('i', { style: 'background:var(--throttle)' }), 'Throttled (429)'),
						h('span', null, h('i', { style: 'background:var(--fault)' }), 'Fault (5xx)'))),
				h('div', { 'class': 'panel details', id: 'map-details' }))
		]);
		loadMap();
	}

	function loadMap() {
		var token = state.renderToken;
		return api('ServiceGraph', timeRange()).then(function (graph) {
			if (token !== state.renderToken) {
				return;
			}
			drawMap(graph.Services || []);
		}).catch(function (error) {
			var canvas = document.getElementById('map-canvas');
			if (canvas && token === state.renderToken) {
				canvas.textContent = '';
				append(canvas, h('div', { 'class': 'alert', text: error.message }));
			}
		});
	}

	function stats(s) {
		s = s || {};
		var errors = s.ErrorStatistics || {};
		var faults = s.FaultStatistics || {};
		return {
			total: s.TotalCount || 0, ok: s.OkCount || 0, error: (errors.TotalCount || 0) - (errors.ThrottleCount || 0),
			throttle: errors.ThrottleCount || 0, fault: faults.TotalCount || 0,
			avg: s.TotalCount ? (s.TotalResponseTime || 0) / s.TotalCount : 0
		};
	}

	function layout(services) {
		var byId = {};
		var incoming = {};
		services.forEach(function (s) {
			byId[s.ReferenceId] = s;
			incoming[s.ReferenceId] = 0;
		});
		services.forEach(function (s) {
			(s.Edges || []).forEach(function (e) {
				if (e.ReferenceId !== s.ReferenceId) {
					incoming[e.ReferenceId] = (incoming[e.ReferenceId] || 0) + 1;
				}
			});
		});
		var depth = {};
		var queue = services.filter(function (s) { return !incoming[s.ReferenceId]; }).map(function (s) { return s.ReferenceId; });
		if (!queue.length && services.length) {
			queue = [services[0].ReferenceId];
		}
		queue.forEach(function (id) { depth[id] = 0; });
		// Longest-path layering (bounded so cycles cannot loop forever).
		for (var round = 0; round < services.length; round++) {
			var changed = false;
			services.forEach(function (s) {
				if (depth[s.ReferenceId] === undefined) {
					return;
				}
				(s.Edges || []).forEach(function (e) {
					var next = depth[s.ReferenceId] + 1;
					if (e.ReferenceId !== s.ReferenceId && (depth[e.ReferenceId] === undefined || depth[e.ReferenceId] < next)
						&& next < services.length) {
						depth[e.ReferenceId] = next;
						changed = true;
					}
				});
			});
			if (!changed) {
				break;
			}
		}
		var columns = [];
		services.forEach(function (s) {
			var d = depth[s.ReferenceId] === undefined ? 0 : depth[s.ReferenceId];
			(columns[d] = columns[d] || []).push(s);
		});
		columns = columns.filter(Boolean);
		var colWidth = 210;
		var rowHeight = 150;
		var tallest = Math.max.apply(null, columns.map(function (c) { return c.length; }));
		var width = Math.max(columns.length * colWidth, 480);
		var height = Math.max(tallest * rowHeight, 220);
		var positions = {};
		columns.forEach(function (column, ci) {
			column.sort(function (a, b) { return a.Name < b.Name ? -1 : 1; });
			var offset = (height - column.length * rowHeight) / 2;
			column.forEach(function (s, ri) {
				positions[s.ReferenceId] = { x: ci * colWidth + colWidth / 2, y: offset + ri * rowHeight + rowHeight / 2 - 14 };
			});
		});
		return { byId: byId, positions: positions, width: width, height: height };
	}

	function kindOf(service) {
		var type = service.Type || '';
		if (type === 'client') {
			return 'client';
		}
		if (type.indexOf('AWS::') === 0 && ORIGINS.indexOf(type) < 0) {
			return 'aws';
		}
		if (type === 'Database::SQL') {
			return 'database';
		}
		if (type === 'remote') {
			return 'remote';
		}
		return 'service';
	}

	function drawMap(services) {
		var canvas = document.getElementById('map-canvas');
		if (!canvas) {
			return;
		}
		canvas.textContent = '';
		if (!services.length) {
			append(canvas, h('div', { 'class': 'empty', text: 'No traces in this time range.' }));
			renderMapDetails(null);
			return;
		}
		var L = layout(services);
		var r = 30;
		var svg = h('svg:svg', {
			'class': 'service-map', width: L.width, height: L.height, viewBox: '0 0 ' + L.width + ' ' + L.height,
			role: 'img', 'aria-label': 'Service map'
		});
		var defs = h('svg:defs', null);
		[['arrow', '#8d99a8'], ['arrow-fault', '#d13212'], ['arrow-error', '#e07700']].forEach(function (m) {
			defs.appendChild(h('svg:marker', {
				id: m[0], viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'
			}, h('svg:path', { d: 'M0,0 L10,5 L0,10 z', fill: m[1] })));
		});
		svg.appendChild(defs);
		var edgeLayer = h('svg:g', { 'class': 'edges' });
		var nodeLayer = h('svg:g', { 'class': 'nodes' });
		svg.appendChild(edgeLayer);
		svg.appendChild(nodeLayer);
		services.forEach(function (source) {
			(source.Edges || []).forEach(function (edge) {
				var target = L.byId[edge.ReferenceId];
				if (!target) {
					return;
				}
				var a = L.positions[source.ReferenceId];
				var b = L.positions[target.ReferenceId];
				var s = stats(edge.SummaryStatistics);
				var cls = s.fault ? 'faulty' : (s.error || s.throttle ? 'erroring' : '');
				var path;
				var lx;
				var ly;
				if (b.x > a.x) {
					var x1 = a.x + r + 4;
					var x2 = b.x - r - 6;
					var mx = (x1 + x2) / 2;
					path = 'M' + x1 + ',' + a.y + ' C' + mx + ',' + a.y + ' ' + mx + ',' + b.y + ' ' + x2 + ',' + b.y;
					lx = mx;
					ly = (a.y + b.y) / 2 - 8;
				}
				else {
					var top = Math.min(a.y, b.y) - r - 50;
					path = 'M' + a.x + ',' + (a.y - r - 4) + ' C' + a.x + ',' + top + ' ' + b.x + ',' + top + ' ' + b.x + ',' + (b.y - r - 6);
					lx = (a.x + b.x) / 2;
					ly = top + 10;
				}
				var label = s.total + ' req · avg ' + formatDuration(s.avg);
				var problems = [];
				if (s.fault) {
					problems.push(Math.round(s.fault / s.total * 100) + '% faults');
				}
				if (s.error + s.throttle) {
					problems.push(Math.round((s.error + s.throttle) / s.total * 100) + '% errors');
				}
				edgeLayer.appendChild(h('svg:g', {
					'class': 'edge ' + cls, 'data-source': source.Name, 'data-target': target.Name
				},
					h('svg:path', { d: path, 'marker-end': 'url(#' + (cls === 'faulty' ? 'arrow-fault' : cls === 'erroring' ? 'arrow-error' : 'arrow') + ')' }),
					h('svg:text', { x: lx, y: ly, 'text-anchor': 'middle', text: label }),
					problems.length ? h('svg:text', { x: lx, y: ly + 24, 'text-anchor': 'middle', style: 'fill:#d13212', text: problems.join(' · ') }) : null));
			});
		});
		services.forEach(function (service) {
			var p = L.positions[service.ReferenceId];
			var kind = kindOf(service);
			var s = stats(service.SummaryStatistics);
			var g = h('svg:g', {
				'class': 'node node-' + kind + (state.selectedService === service.Name ? ' selected' : ''),
				'data-name': service.Name, 'data-type': service.Type || '', transform: 'translate(' + p.x + ',' + p.y + ')',
				tabindex: 0,
				onclick: function () { state.selectedService = service.Name; highlight(); renderMapDetails(service); }
			});
			g.appendChild(h('svg:title', { text: service.Name + (service.Type ? ' (' + service.Type + ')' : '') }));
			g.appendChild(h('svg:circle', { 'class': 'halo', r: r + 6 }));
			if (kind === 'client') {
				g.appendChild(h('svg:circle', { r: r - 4, fill: '#eef1f4' }));
				g.appendChild(h('svg:circle', { cx: 0, cy: -7, r: 7, fill: '#5f6b7a' }));
				g.appendChild(h('svg:path', { d: 'M-13,15 C-13,2 13,2 13,15 Z', fill: '#5f6b7a' }));
			}
			else {
				ring(g, r, s);
				var icon = { aws: 'AWS', database: 'SQL', remote: 'HTTP' }[kind];
				g.appendChild(h('svg:text', {
					'class': 'centre', 'text-anchor': 'middle', dy: '0.35em', text: icon || formatDuration(s.avg)
				}));
			}
			g.appendChild(h('svg:text', { 'class': 'label', 'text-anchor': 'middle', y: r + 24, text: truncate(service.Name, 28) }));
			var sub = kind === 'client' ? 'Clients' : (s.total + ' req' + (service.Type ? ' · ' + service.Type : ''));
			g.appendChild(h('svg:text', { 'class': 'sub', 'text-anchor': 'middle', y: r + 40, text: truncate(sub, 36) }));
			nodeLayer.appendChild(g);
		});
		canvas.appendChild(svg);
		var selected = services.filter(function (s) { return s.Name === state.selectedService; })[0];
		renderMapDetails(selected || null);
	}

	function truncate(text, max) {
		return text.length > max ? text.substring(0, max - 1) + '…' : text;
	}

	function ring(g, r, s) {
		var circumference = 2 * Math.PI * r;
		g.appendChild(h('svg:circle', { r: r, fill: '#fff', stroke: '#e9ebed', 'stroke-width': 6 }));
		var parts = [[s.ok, '#1d8102'], [s.error, '#e07700'], [s.throttle, '#8c4fff'], [s.fault, '#d13212']];
		var total = s.total || 0;
		if (!total) {
			return;
		}
		var offset = 0;
		parts.forEach(function (part) {
			if (!part[0]) {
				return;
			}
			var length = part[0] / total * circumference;
			g.appendChild(h('svg:circle', {
				'class': 'ring', r: r, stroke: part[1], 'stroke-dasharray': length + ' ' + (circumference - length),
				'stroke-dashoffset': -offset, transform: 'rotate(-90)'
			}));
			offset += length;
		});
	}

	function highlight() {
		Array.prototype.forEach.call(document.querySelectorAll('.service-map .node'), function (node) {
			node.classList.toggle('selected', node.getAttribute('data-name') === state.selectedService);
		});
	}

	function renderMapDetails(service) {
		var panel = document.getElementById('map-details');
		if (!panel) {
			return;
		}
		panel.textContent = '';
		if (!service) {
			append(panel, h('div', { 'class': 'empty', text: 'Select a node to see its statistics.' }));
			return;
		}
		var s = stats(service.SummaryStatistics);
		var pct = function (n) { return s.total ? Math.round(n / s.total * 1000) / 10 + '%' : '-'; };
		append(panel, [
			h('div', { 'class': 'panel-head' }, h('h2', { text: service.Name })),
			h('div', { 'class': 'panel-body' },
				kvTable([
					['Type', service.Type || 'service'],
					['Requests', service.SummaryStatistics ? s.total : null],
					['Average response time', service.SummaryStatistics ? formatDuration(s.avg) : null],
					['OK', service.SummaryStatistics ? s.ok + ' (' + pct(s.ok) + ')' : null],
					['Errors (4xx)', service.SummaryStatistics ? s.error + ' (' + pct(s.error) + ')' : null],
					['Throttled (429)', service.SummaryStatistics ? s.throttle + ' (' + pct(s.throttle) + ')' : null],
					['Faults (5xx)', service.SummaryStatistics ? s.fault + ' (' + pct(s.fault) + ')' : null],
					['Entry point', service.Root ? 'yes' : null]
				]),
				service.Type !== 'client' ? h('p', null, h('a', {
					href: '#/traces', text: 'View traces through ' + service.Name + ' →',
					onclick: function () { state.filter = 'service("' + service.Name.replace(/"/g, '\\"') + '")'; }
				})) : null)
		]);
	}

	// ---------------------------------------------------------------- sampling and daemon

	function renderSampling() {
		setView('sampling');
		replaceMain([
			h('h1', { text: 'Sampling rules' }),
			h('p', { 'class': 'subtitle' }, 'Served to SDKs through GetSamplingRules and GetSamplingTargets. Configure them with ',
				h('code', { text: 'xray.console.sampling.rules' }), '.'),
			h('div', { 'class': 'panel', id: 'sampling-panel' }, h('div', { 'class': 'empty', text: 'Loading…' }))
		]);
		loadStatus();
	}

	function renderDaemon() {
		setView('daemon');
		replaceMain([
			h('h1', { text: 'Daemon' }),
			h('p', { 'class': 'subtitle', text: 'The UDP receiver that stands in for the X-Ray daemon, and the trace store behind it.' }),
			h('div', { id: 'daemon-body' }, h('div', { 'class': 'panel' }, h('div', { 'class': 'empty', text: 'Loading…' })))
		]);
		loadStatus();
	}

	function loadStatus() {
		var token = state.renderToken;
		return refreshCounters().then(function (status) {
			if (!status || token !== state.renderToken) {
				return;
			}
			lastStatus = status;
			var sampling = document.getElementById('sampling-panel');
			if (sampling) {
				sampling.textContent = '';
				append(sampling, h('table', { 'class': 'grid' },
					h('thead', null, h('tr', null, ['Name', 'Priority', 'Service', 'HTTP method', 'URL path', 'Host',
						'Reservoir', 'Fixed rate', 'Requests', 'Sampled', 'Borrowed', 'Clients'].map(function (label, i) {
						return h('th', { 'class': i === 1 || i > 5 ? 'num' : null, text: label });
					}))),
					h('tbody', null, status.sampling.rules.map(function (rule) {
						return h('tr', null, h('td', null, h('b', { text: rule.name })), h('td', { 'class': 'num', text: rule.priority }),
							h('td', { text: rule.serviceName }), h('td', { text: rule.httpMethod }), h('td', { text: rule.urlPath }),
							h('td', { text: rule.host }), h('td', { 'class': 'num', text: rule.reservoirSize + '/s' }),
							h('td', { 'class': 'num', text: Math.round(rule.fixedRate * 1000) / 10 + '%' }),
							h('td', { 'class': 'num', text: rule.requests }), h('td', { 'class': 'num', text: rule.sampled }),
							h('td', { 'class': 'num', text: rule.borrowed }), h('td', { 'class': 'num', text: rule.activeClients }));
					}))));
			}
			var daemon = document.getElementById('daemon-body');
			if (daemon) {
				daemon.textContent = '';
				var receiver = status.receiver;
				var store = status.store;
				var card = function (label, value, bad) {
					return h('div', { 'class': 'card' + (bad ? ' bad' : '') }, h('div', { 'class': 'label', text: label }),
						h('div', { 'class': 'value', text: value }));
				};
				var reasons = receiver.rejectedByReason || {};
				append(daemon, [
					h('div', { 'class': 'panel' },
						h('div', { 'class': 'panel-head' }, h('h2', { text: 'Receiver' }), h('span', { 'class': 'spacer' }),
							receiver.running ? h('span', { 'class': 'status ok', text: 'running on udp://' + receiver.address })
								: h('span', { 'class': 'status fault', text: 'not running' })),
						receiver.failure ? h('div', { 'class': 'alert', style: 'margin-top:12px', text: receiver.failure }) : null,
						h('div', { 'class': 'cards' },
							card('Received', receiver.received || 0), card('Accepted', receiver.accepted || 0),
							card('Rejected', receiver.rejected || 0, receiver.rejected > 0), card('Queued', receiver.queued || 0),
							card('Relayed', receiver.relayed || 0), card('Relay failures', receiver.relayFailed || 0, receiver.relayFailed > 0)),
						h('div', { 'class': 'panel-body', style: 'padding-top:0' },
							h('div', { 'class': 'section-title', text: 'Rejected by reason' }),
							kvTable(Object.keys(reasons).map(function (key) { return [key, String(reasons[key])]; })),
							h('div', { 'class': 'section-title', text: 'Recent rejects' }),
							(receiver.recentRejects || []).length ? h('table', { 'class': 'grid' },
								h('thead', null, h('tr', null, h('th', { text: 'Time' }), h('th', { text: 'Reason' }), h('th', { text: 'Detail' }), h('th', { text: 'Datagram' }))),
								h('tbody', null, receiver.recentRejects.slice().reverse().map(function (reject) {
									return h('tr', null, h('td', { text: formatTime(reject.time) }), h('td', { text: reject.reason }),
										h('td', { text: reject.detail }), h('td', { 'class': 'url mono', title: reject.sample, text: reject.sample }));
								}))) : h('div', { 'class': 'empty', style: 'padding:8px', text: 'None.' }))),
					h('div', { 'class': 'panel' },
						h('div', { 'class': 'panel-head' }, h('h2', { text: 'Trace store' })),
						h('div', { 'class': 'cards' },
							card('Traces', store.traces + ' / ' + store.maxTraces), card('Documents', store.documents),
							card('Size', formatBytes(store.bytes) + ' / ' + formatBytes(store.maxBytes)),
							card('Evicted traces', store.evictedTraces, store.evictedTraces > 0),
							card('Dropped documents', store.droppedDocuments, store.droppedDocuments > 0),
							card('API documents', status.api.putDocumentsAccepted),
							card('API rejected', status.api.putDocumentsRejected, status.api.putDocumentsRejected > 0)),
						h('div', { 'class': 'panel-body', style: 'padding-top:0' },
							h('button', {
								type: 'button', 'class': 'btn', text: 'Clear all traces',
								onclick: function () {
									if (window.confirm('Remove all traces from this console?')) {
										api('console/clear', {}).then(loadStatus);
									}
								}
							}))),
					h('div', { 'class': 'panel' },
						h('div', { 'class': 'panel-head' }, h('h2', { text: 'Connect an application' })),
						h('div', { 'class': 'panel-body' },
							h('pre', { 'class': 'code-block', text: 'AWS_XRAY_DAEMON_ADDRESS=' + (receiver.address || '127.0.0.1:2000')
								+ '\n# or, for this project\'s starter:\nxray.daemon-address=' + (receiver.address || '127.0.0.1:2000')
								+ '\n# X-Ray API endpoint (SDK / AWS CLI --endpoint-url):\n' + location.href.replace(/#.*$/, '').replace(/\/[^/]*$/, '') })))
				]);
			}
		});
	}

	// ---------------------------------------------------------------- routing and refresh

	function route() {
		state.renderToken++;
		var hash = location.hash || '#/traces';
		var match = hash.match(/^#\/traces\/([^/?]+)$/);
		if (match) {
			state.selectedTab = 'overview';
			renderTrace(decodeURIComponent(match[1]));
		}
		else if (hash === '#/map') {
			renderMap();
		}
		else if (hash === '#/sampling') {
			renderSampling();
		}
		else if (hash === '#/daemon') {
			renderDaemon();
		}
		else {
			renderTraces();
		}
	}

	function refresh() {
		var hash = location.hash || '#/traces';
		var match = hash.match(/^#\/traces\/([^/?]+)$/);
		refreshCounters().then(function (status) {
			if (status) {
				lastStatus = status;
			}
		});
		if (match) {
			loadTrace(decodeURIComponent(match[1]));
		}
		else if (hash === '#/map') {
			loadMap();
		}
		else if (hash === '#/sampling' || hash === '#/daemon') {
			loadStatus();
		}
		else if (document.activeElement === null || document.activeElement.id !== 'filter') {
			loadTraces();
		}
	}

	function schedule() {
		if (state.timer) {
			clearInterval(state.timer);
			state.timer = null;
		}
		if (document.getElementById('auto-refresh').checked) {
			state.timer = setInterval(function () {
				if (!document.hidden) {
					refresh();
				}
			}, REFRESH_MS);
		}
	}

	window.addEventListener('hashchange', route);
	document.getElementById('auto-refresh').addEventListener('change', schedule);
	document.getElementById('refresh-now').addEventListener('click', refresh);
	refreshCounters().then(function (status) {
		if (status) {
			lastStatus = status;
		}
	});
	route();
	schedule();
})();
