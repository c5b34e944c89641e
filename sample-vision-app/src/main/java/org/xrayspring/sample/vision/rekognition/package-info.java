/**
 * Label detection through the AWS SDK's RekognitionClient, and the local DetectLabels
 * endpoint that answers it offline with labels computed from the image's colours.
 */
@NullMarked
package org.xrayspring.sample.vision.rekognition;

import org.jspecify.annotations.NullMarked;
