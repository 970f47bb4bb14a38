package org.hypergrid.friends.handlers;

/** Input an OpenSim protocol cannot accept, found while reading a form; answered with its Failure reply. */
final class BadInput extends RuntimeException {

  BadInput(String message) {
    super(message, null, false, false);
  }
}
