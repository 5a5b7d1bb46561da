package dev.gatun.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (absent when running from classes, e.g. in tests). */
final class GatunVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = GatunCommand.class.getPackage().getImplementationVersion();
        return new String[] {"gatun " + (version == null ? "(development build)" : version)};
    }
}
