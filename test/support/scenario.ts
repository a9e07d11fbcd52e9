/**
 * The former grab bag of test helpers, split by story (issue 9); every name is still exported
 * here so that suites importing `./scenario` keep compiling. New suites import the story file.
 */
export * from './sessions';
export * from './organization-story';
export * from './audit-records';
export * from './opportunity-story';
export * from './proposal-story';
