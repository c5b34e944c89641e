/*
 * X-Ray local console UI, the entry module: routes the location's hash to a view and refreshes the current view.
 * Native ES modules, no build step; every URL is relative, so the UI works at "/" (standalone) and under a base
 * path such as "/xray/" (embedded). Each view module exports render(...params), to show it after navigation, and
 * refresh(...params), to reload its data in place.
 */
import * as daemon from './modules/daemon.js';
import * as map from './modules/map.js';
import { navigated } from './modules/page.js';
import * as sampling from './modules/sampling.js';
import { refreshStatus } from './modules/status.js';
import * as timeline from './modules/timeline.js';
import * as traces from './modules/traces.js';

const REFRESH_MS = 5000;

const ROUTES = [
	{ pattern: /^#\/traces\/([^/?]+)$/, view: timeline },
	{ pattern: /^#\/map$/, view: map },
	{ pattern: /^#\/sampling$/, view: sampling },
	{ pattern: /^#\/daemon$/, view: daemon }
];

let timer = null;

/**
 * The view for the current location and its parameters; the trace list for anything else.
 */
function currentRoute() {
	const hash = location.hash || '#/traces';
	for (const route of ROUTES) {
		const match = hash.match(route.pattern);
		if (match) {
			return { view: route.view, params: match.slice(1).map(decoded) };
		}
	}
	return { view: traces, params: [] };
}

function decoded(component) {
	try {
		return decodeURIComponent(component);
	}
	catch (e) {
		return component;
	}
}

function route() {
	navigated();
	const current = currentRoute();
	current.view.render(...current.params);
}

function refresh() {
	const current = currentRoute();
	refreshStatus();
	current.view.refresh(...current.params);
}

function schedule() {
	if (timer) {
		clearInterval(timer);
		timer = null;
	}
	if (document.getElementById('auto-refresh').checked) {
		timer = setInterval(() => {
			if (!document.hidden) {
				refresh();
			}
		}, REFRESH_MS);
	}
}

window.addEventListener('hashchange', route);
document.getElementById('auto-refresh').addEventListener('change', schedule);
document.getElementById('refresh-now').addEventListener('click', refresh);
refreshStatus();
route();
schedule();
