/*
 * The page's main area and which view owns it. Each navigation starts a new view; a view's asynchronous loads check
 * they still belong to the current view before they touch the page, so a slow answer never paints over the next
 * view.
 */
import { fill } from './shared.js';

let currentView = 0;

/**
 * Start a new view: mark its navigation link active and replace the main area with its content.
 */
export function showView(name, content) {
	document.querySelectorAll('.sidenav a').forEach((link) => {
		link.classList.toggle('active', link.getAttribute('data-view') === name);
	});
	fill(document.getElementById('main'), content);
}

/**
 * Called on every navigation: views loading for an earlier one are no longer current.
 */
export function navigated() {
	currentView++;
}

/**
 * A token for the view that is current now; token.isCurrent() tells whether it still is.
 */
export function viewToken() {
	const view = currentView;
	return { isCurrent: () => view === currentView };
}
