/**
 * The package version, for files that must say which code wrote them (sweep
 * shards: shards of different versions are not merged). A test keeps it equal
 * to package.json's `version`.
 */
export const VERSION = '0.1.0';
