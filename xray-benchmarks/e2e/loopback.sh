# Sourced by the e2e scripts: everything they start reaches loopback only. The starter (and the AWS SDK) would read
# the EC2 instance metadata service on a machine whose DMI names Amazon; the metadata lookups are turned off and, for
# anything that ignores that switch, the endpoint points at a loopback port where nothing listens.
export AWS_EC2_METADATA_DISABLED=true
export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:9
