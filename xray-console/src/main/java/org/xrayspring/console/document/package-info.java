/**
 * The console's own reading model of X-Ray segment documents: parsing, validation and the
 * few fields the store, the API and the UI need. Documents are kept as Jackson trees next
 * to their verbatim text.
 */
@NullMarked
package org.xrayspring.console.document;

import org.jspecify.annotations.NullMarked;
