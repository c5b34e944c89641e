/*
 * The daemon page: the UDP receiver standing in for the X-Ray daemon (counters, rejects), the trace store behind
 * it, and how to point an application at the console.
 */
import { clearTraces } from './api.js';
import { showView } from './page.js';
import { fill, formatBytes, formatTime, h, kvTable, loading } from './shared.js';
import { DEFAULT_DAEMON_ADDRESS, showStatus } from './status.js';

export function render() {
	showView('daemon', [
		h('h1', { text: 'Daemon' }),
		h('p', { 'class': 'subtitle', text: 'The UDP receiver that stands in for the X-Ray daemon, and the trace store behind it.' }),
		h('div', { id: 'daemon-body' }, h('div', { 'class': 'panel' }, loading()))
	]);
	load();
}

export function refresh() {
	load();
}

function load() {
	return showStatus((status) => fill(document.getElementById('daemon-body'), [receiverPanel(status.receiver),
		storePanel(status), connectPanel(status.receiver)]));
}

function card(label, value, bad) {
	return h('div', { 'class': 'card' + (bad ? ' bad' : '') }, h('div', { 'class': 'label', text: label }),
		h('div', { 'class': 'value', text: value }));
}

function receiverPanel(receiver) {
	const reasons = receiver.rejectedByReason || {};
	const rejects = receiver.recentRejects || [];
	return h('div', { 'class': 'panel' },
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
			kvTable(Object.keys(reasons).map((key) => [key, String(reasons[key])])),
			h('div', { 'class': 'section-title', text: 'Recent rejects' }),
			rejects.length ? h('table', { 'class': 'grid' },
				h('thead', null, h('tr', null, h('th', { text: 'Time' }), h('th', { text: 'Reason' }), h('th', { text: 'Detail' }), h('th', { text: 'Datagram' }))),
				h('tbody', null, rejects.slice().reverse().map((reject) => h('tr', null,
					h('td', { text: formatTime(reject.time) }), h('td', { text: reject.reason }),
					h('td', { text: reject.detail }), h('td', { 'class': 'url mono', title: reject.sample, text: reject.sample })))))
				: h('div', { 'class': 'empty', style: 'padding:8px', text: 'None.' })));
}

function storePanel(status) {
	const store = status.store;
	return h('div', { 'class': 'panel' },
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
				onclick: () => {
					if (window.confirm('Remove all traces from this console?')) {
						clearTraces().then(load);
					}
				}
			})));
}

function connectPanel(receiver) {
	const address = receiver.address || DEFAULT_DAEMON_ADDRESS;
	// The X-Ray API endpoint is the page's own directory (the console's base path).
	const endpoint = location.href.replace(/#.*$/, '').replace(/\/[^/]*$/, '');
	return h('div', { 'class': 'panel' },
		h('div', { 'class': 'panel-head' }, h('h2', { text: 'Connect an application' })),
		h('div', { 'class': 'panel-body' },
			h('pre', { 'class': 'code-block', text: 'AWS_XRAY_DAEMON_ADDRESS=' + address
				+ '\n# or, for this project\'s starter:\nxray.daemon-address=' + address
				+ '\n# X-Ray API endpoint (SDK / AWS CLI --endpoint-url):\n' + endpoint })));
}
