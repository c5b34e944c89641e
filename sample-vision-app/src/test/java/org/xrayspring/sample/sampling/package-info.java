/**
 * End-to-end test of centralized sampling: an application with the starter and a
 * standalone console, over real sockets.
 */
package org.xrayspring.sample.sampling;
