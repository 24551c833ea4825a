package dev.mcqa.contract;

/** One broken rule: the field it concerns (a JSON path such as {@code choices[1]}) and why. */
public record Violation(String field, String message) {

    /** The same violation under a parent path: {@code "choices"} under {@code "[2]"} is {@code "[2].choices"}. */
    public Violation under(String parent) {
        if (parent.isEmpty()) {
            return this;
        }
        return new Violation(field.isEmpty() || field.startsWith("[") ? parent + field : parent + "." + field, message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
