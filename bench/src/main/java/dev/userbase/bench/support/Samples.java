package dev.userbase.bench.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measurements of one variant: median, min, max (milliseconds). */
public final class Samples {

    private final List<Long> values = new ArrayList<>();

    public void add(long value) {
        values.add(value);
    }

    public int count() {
        return values.size();
    }

    public double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    public long min() {
        return sorted().get(0);
    }

    public long max() {
        return sorted().get(values.size() - 1);
    }

    public List<Long> values() {
        return List.copyOf(values);
    }

    private List<Long> sorted() {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
