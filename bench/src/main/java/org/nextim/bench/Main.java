package org.nextim.bench;

public final class Main {
  public static void main(String[] args) {
  }
}
