import { registry } from '@transferboard/suite/registry';
import { describe, expect, it } from 'vitest';
import { malformed, missing } from '../datasets/errors';
import { ImageDecodeError } from '../images/preprocess';
import { ProbeInputError } from '../probes/probe-input';
import { taskFailure } from './task-errors';

const task = registry.task('linear-dtd');

describe('taskFailure', () => {
  it('turns a missing dataset into missing-data and malformed data into a failure, with the reason and the fix', () => {
    expect(taskFailure(task, missing('DATA/dtd', 'no such folder', 'extract dtd-r1.0.1.tar.gz there'))).toMatchObject({
      task: 'linear-dtd',
      status: 'missing-data',
      value: null,
      message: 'DATA/dtd: no such folder (extract dtd-r1.0.1.tar.gz there)',
    });
    expect(taskFailure(task, malformed('DATA/dtd/labels', 'line 3 is empty', 're-extract the archive'))).toMatchObject({
      status: 'failed',
    });
  });

  it('fails the task on an undecodable image or unusable probe input', () => {
    expect(taskFailure(task, new ImageDecodeError('a.jpg', 'truncated'))).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/^a\.jpg: cannot decode/),
    });
    expect(taskFailure(task, new ProbeInputError('features contain NaN'))).toMatchObject({
      status: 'failed',
      message: 'features contain NaN',
    });
  });

  it('leaves every other error to the caller (a bug, or a model or device that cannot work at all)', () => {
    expect(taskFailure(task, new TypeError('x is undefined'))).toBeNull();
    expect(taskFailure(task, 'a string')).toBeNull();
  });
});
