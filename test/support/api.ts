import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { parseDeadline } from '../../shared/domain/deadline';

/**
 * The API's unit tests' mocked table and queue: task NV-01 (led by SO-TC with SO-CT co-operating,
 * assigned 1/6/2025, due 30/9/2025, nothing reported) is stored, the calendar partition is empty
 * (so the bundled calendar counts), and every SendMessage is accepted.
 */
export function mockTaskAndQueue(ddb: AwsClientStub<DynamoDBDocumentClient>, sqs: AwsClientStub<SQSClient>): void {
  ddb.on(GetCommand, { Key: { pk: 'TASK#NV-01', sk: 'TASK' } }).resolves({
    Item: {
      pk: 'TASK#NV-01',
      sk: 'TASK',
      id: 'NV-01',
      group: 1,
      title: 'Đề án',
      deliverable: 'Đề án',
      leadAgency: 'SO-TC',
      coAgencies: ['SO-CT'],
      deadline: parseDeadline('30/9/2025'),
      field: 'kinh-te',
      progress: 0,
      waitingOnCoAgency: false,
      version: 0,
      deadlineVersion: 0,
      assignedOn: '2025-06-01',
    },
  });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':p': 'CALENDAR' } }).resolves({ Items: [] });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
}
