/**
 * Where outputs are written: {@code Outputs}, the one declaration of a command's output files
 * (never an input, another kind only with {@code overwrite}); {@code OutputFile}, where one
 * output may go; {@code SafeFiles}, writing through a temporary file moved into place; and
 * {@code CsvRecords}, the one CSV writer (text cells safe from spreadsheet formulas) and reader.
 */
package io.github.cnnclassifier.output;
