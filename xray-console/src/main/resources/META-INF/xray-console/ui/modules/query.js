/*
 * The query the trace list and the service map share: the filter expression and the time range, kept when moving
 * between views (the map's "View traces through" link sets the filter).
 */
import { h, nowSeconds } from './shared.js';

const RANGES = [
	{ value: 300, label: 'Last 5 minutes' },
	{ value: 900, label: 'Last 15 minutes' },
	{ value: 3600, label: 'Last 1 hour' },
	{ value: 21600, label: 'Last 6 hours' },
	{ value: 86400, label: 'Last 24 hours' },
	{ value: 0, label: 'All stored traces' }
];

const query = {
	filter: '',
	range: 900
};

export function filter() {
	return query.filter;
}

export function setFilter(expression) {
	query.filter = expression;
}

/**
 * The API's StartTime and EndTime for the selected range (reaching a minute ahead, for clocks slightly apart).
 */
export function timeRange() {
	const end = nowSeconds() + 60;
	return { StartTime: query.range ? end - 60 - query.range : 0, EndTime: end };
}

/**
 * A select for the time range, calling onChange after the range changed.
 */
export function rangeSelect(onChange) {
	return h('select', {
		'aria-label': 'Time range',
		onchange: (event) => {
			query.range = Number(event.target.value);
			onChange();
		}
	}, RANGES.map((range) => h('option', { value: range.value, selected: range.value === query.range, text: range.label })));
}
