package org.nextim.router.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How the {@link HomeDirectory}'s entries and decisions travel between members: Hazelcast's
 * {@link IdentifiedDataSerializable}, a class id and the fields, instead of Java serialization (which
 * writes class descriptors and reflects on every claim, every backup and every migration).
 */
final class DirectorySerialization implements DataSerializableFactory {

  static final int FACTORY_ID = 0x4E494D; // "NIM"

  static final int HOME = 1;
  static final int STORE = 2;
  static final int CLAIM = 3;
  static final int RELEASE = 4;
  static final int RELEASE_DEAD = 5;
  static final int MOVE = 6;
  static final int SET_BUDDIES = 7;

  /**
   * Registers the factory, and refuses Java deserialization of this product's classes (a regression
   * back to it fails loudly) and of the gadget classes Hazelcast knows (its default blacklist).
   */
  static void configure(Config hz) {
    hz.getSerializationConfig()
        .addDataSerializableFactory(FACTORY_ID, new DirectorySerialization())
        .setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
            .setBlacklist(new ClassFilter().addPrefixes("org.nextim.")));
  }

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case HOME -> new Home();
      case STORE -> new HomeProcessors.Store<>();
      case CLAIM -> new HomeProcessors.Claim();
      case RELEASE -> new HomeProcessors.Release();
      case RELEASE_DEAD -> new HomeProcessors.ReleaseDead();
      case MOVE -> new HomeProcessors.Move();
      case SET_BUDDIES -> new HomeProcessors.SetBuddies();
      default -> null; // Hazelcast reports the unknown class id
    };
  }

  static void writeList(ObjectDataOutput out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      out.writeString(s);
    }
  }

  static List<String> readList(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    if (n == 0) {
      return List.of();
    }
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(in.readString());
    }
    return Collections.unmodifiableList(list);
  }
}
