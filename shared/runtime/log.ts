import { LogFormatter, LogItem, Logger as Powertools } from '@aws-lambda-powertools/logger';
import type { LogAttributes, LogLevel, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { now } from './clock';

/**
 * Structured JSON logs, one line each, so CloudWatch Logs Insights (or `jq` locally) can filter
 * by correlationId and follow one update from the API call to what it caused.
 *
 * Written by Powertools' Logger, which adds what only the invocation knows (cold start, Lambda
 * request id, debug sampling) once a handler's middy chain uses its injectLambdaContext with
 * `log.powertools`. The line keeps our own key names: {"level","time","msg",...base,
 * coldStart, requestId, sampling, correlationId, ...fields}, warn and error on stderr.
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

type Fields = Record<string, unknown>;

/**
 * The caller's fields travel to the formatter under this one key. Powertools drops (with a
 * warning line) extra keys named level, message, service, timestamp or sampling_rate; ours have
 * always gone out as given (the mailer logs a `message`).
 */
const FIELDS = 'dondoc.fields';

/** A line printed as built: Powertools would drop keys whose value is null or "", which ours kept. */
class Line extends LogItem {
  override prepareForPrint(): void {}
}

class LineFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const { [FIELDS]: fields, correlation_id: correlationId, ...keys } = additional;
    const ctx = attributes.lambdaContext;
    return new Line({
      attributes: {
        level: attributes.logLevel.toLowerCase(),
        // The injected clock, not the logger's: the local runtime and the tests move time.
        time: now().toISOString(),
        msg: attributes.message,
        ...keys,
        coldStart: ctx?.coldStart,
        requestId: ctx?.awsRequestId,
        sampling: attributes.sampleRateValue || undefined,
        // Powertools' correlation id (setCorrelationId, correlationIdPath), under our key.
        correlationId,
        ...(fields as Fields | undefined),
      },
    });
  }

  override formatError(error: Error): LogAttributes {
    return { name: error.name, message: error.message, stack: error.stack };
  }
}

/** The level from POWERTOOLS_LOG_LEVEL or LOG_LEVEL, in any case (Powertools reads them upper case only). */
function envLevel(): LogLevel | undefined {
  return (process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL)?.toUpperCase() as LogLevel | undefined;
}

/**
 * One Powertools logger per createLogger() call; child() loggers share it and add their fields to
 * each line. Powertools' own createChild() would copy the Lambda context as it was then and count
 * a cold start again for every child (each is a new instance).
 */
export class LambdaLogger implements Logger {
  constructor(
    /** For Powertools' injectLambdaContext middleware. */
    readonly powertools: Powertools,
    private readonly fields: Fields = {},
  ) {}

  debug(msg: string, fields?: Fields): void {
    this.powertools.debug(msg, this.extra(fields));
  }
  info(msg: string, fields?: Fields): void {
    this.powertools.info(msg, this.extra(fields));
  }
  warn(msg: string, fields?: Fields): void {
    this.powertools.warn(msg, this.extra(fields));
  }
  error(msg: string, fields?: Fields): void {
    this.powertools.error(msg, this.extra(fields));
  }
  child(fields: Fields): LambdaLogger {
    return new LambdaLogger(this.powertools, { ...this.fields, ...fields });
  }

  private extra(fields?: Fields): LogAttributes {
    return { [FIELDS]: { ...this.fields, ...fields } };
  }
}

export function createLogger(base: Fields = {}): LambdaLogger {
  // The base fields are persistent keys, so that Powertools' own lines (the sampling notice) carry them too.
  return new LambdaLogger(new Powertools({ logLevel: envLevel(), persistentKeys: base, logFormatter: new LineFormatter() }));
}
