package dev.logsieve.event;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;

/**
 * The snapshot of a hand-written serializer for a record that earlier releases serialized as a
 * Flink POJO. State written then (a checkpoint or savepoint) names the POJO serializer; Flink reads
 * it with that serializer and writes it again with this one (state migration), so an upgrade keeps
 * the state instead of failing to restore it.
 */
public abstract class FormerPojoSnapshot<T> extends SimpleTypeSerializerSnapshot<T> {

    protected FormerPojoSnapshot(Supplier<? extends TypeSerializer<T>> serializer) {
        super(serializer);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old instanceof PojoSerializerSnapshot) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return super.resolveSchemaCompatibility(old);
    }
}
