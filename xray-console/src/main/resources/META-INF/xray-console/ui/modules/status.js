/*
 * The console's status: loads it, shows the counters in the top bar and the daemon address at the foot of the
 * navigation, and keeps the latest answer for views that need the daemon address.
 */
import { consoleStatus } from './api.js';
import { viewToken } from './page.js';
import { ago, fill, h } from './shared.js';

export const DEFAULT_DAEMON_ADDRESS = '127.0.0.1:2000';

let latest = null;

/**
 * Load the status and show it. Resolves to the status, or to null when the console could not be reached.
 */
export async function refreshStatus() {
	try {
		const status = await consoleStatus();
		showCounters(status);
		latest = status;
		return status;
	}
	catch (e) {
		fill(document.getElementById('counters'), h('span', { 'class': 'chip down' }, 'Console unreachable'));
		return null;
	}
}

/**
 * For views made from the status: load it and, if it came and the view is still current, show it.
 */
export async function showStatus(show) {
	const view = viewToken();
	const status = await refreshStatus();
	if (status && view.isCurrent()) {
		show(status);
	}
}

/**
 * The UDP address the console receives segments on, as far as it is known.
 */
export function daemonAddress() {
	return latest && latest.receiver && latest.receiver.address ? latest.receiver.address : DEFAULT_DAEMON_ADDRESS;
}

function showCounters(status) {
	const receiver = status.receiver || {};
	const store = status.store || {};
	const chip = (label, value, cls, title) =>
		h('span', { 'class': 'chip' + (cls ? ' ' + cls : ''), title: title }, label, h('b', { text: value }));
	fill(document.getElementById('counters'), [
		chip('Traces', store.traces, null, 'Traces held (max ' + store.maxTraces + ')'),
		receiver.running ? chip('UDP', receiver.address, null, 'Daemon address') :
			chip('UDP', 'not running', 'down', receiver.failure || 'Receiver disabled'),
		chip('Received', receiver.received || 0, null, 'Datagrams received'),
		chip('Accepted', receiver.accepted || 0, null, 'Datagrams accepted'),
		chip('Rejected', receiver.rejected || 0, receiver.rejected ? 'bad' : null, 'Datagrams rejected or dropped'),
		store.evictedTraces ? chip('Evicted', store.evictedTraces, 'bad', 'Traces evicted because the store was full') : null
	]);
	fill(document.getElementById('sidenav-foot'), ['Send segments to ',
		h('code', { text: receiver.running ? 'udp://' + receiver.address : '-' }), h('br'),
		'Started ', ago(status.console.startedAt)]);
}
