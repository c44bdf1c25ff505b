#!/bin/sh
echo "Hello from a multi-stage Kiln build (${OPENSHIFT_BUILD_NAME:-local}, commit ${OPENSHIFT_BUILD_COMMIT:-none})"
