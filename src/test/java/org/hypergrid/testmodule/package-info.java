/**
 * A service family that exists only in the tests: a guest book with one table, one mount and one
 * interface. It proves that a new service is a module on the class path and a line in the
 * config, with no edit to the shell.
 */
@ModuleGen(name = "hypergrid-guestbook", groupPackage = "org.hypergrid")
package org.hypergrid.testmodule;

import io.vertx.codegen.annotations.ModuleGen;
