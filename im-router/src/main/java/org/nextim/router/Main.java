package org.nextim.router;

public final class Main {
  public static void main(String[] args) {
  }
}
