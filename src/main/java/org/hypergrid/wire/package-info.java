/**
 * OpenSim's wire formats: form bodies as ServerUtils writes and reads them, the XML replies of
 * the Robust handlers, and the XML-RPC structs of the user-agent service. Only connectors use
 * this package; services speak Java types.
 */
package org.hypergrid.wire;
