/**
 * Classify Folder with CNN, the job: walking the folder ({@code FolderJob}, {@code Shard}),
 * decoding ahead ({@code ReadAhead}), partial results that can be continued and are never
 * trusted ({@code ResultsCsv}, {@code PartIdentity}, {@code ResultsLock}), per-class counts,
 * and sorting into class folders ({@code ClassSorter}, {@code ClassFolders}).
 */
package io.github.cnnclassifier.folder;
