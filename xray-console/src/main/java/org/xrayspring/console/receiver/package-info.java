/**
 * The daemon face: a UDP receiver that checks datagrams exactly as the AWS X-Ray daemon
 * does, counts every outcome, stores accepted documents and optionally relays them to an
 * upstream daemon.
 */
@NullMarked
package org.xrayspring.console.receiver;

import org.jspecify.annotations.NullMarked;
