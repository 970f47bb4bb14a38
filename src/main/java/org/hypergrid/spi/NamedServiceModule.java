package org.hypergrid.spi;

/**
 * A {@link ServiceModule} whose name, interface and address are fixed when it is made: what
 * every module has, so a module's class says only what is its own.
 */
public abstract class NamedServiceModule implements ServiceModule {

  private final String name;
  private final Class<?> type;
  private final String address;

  protected NamedServiceModule(String name, Class<?> type, String address) {
    this.name = name;
    this.type = type;
    this.address = address;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Class<?> type() {
    return type;
  }

  @Override
  public final String address() {
    return address;
  }
}
