import { Annotation } from '../datasets/annotation.entity.js';
import { Dataset } from '../datasets/dataset.entity.js';
import { Input } from '../sources/input.entity.js';
import { ModelVersion } from '../models/model-version.entity.js';
import { Source } from '../sources/source.entity.js';
import { Stream } from '../streams/stream.entity.js';
import { TrainingRun } from '../training/training-run.entity.js';
import { ApiToken, DatasetGrant, User } from '../users/user.entity.js';

export const entities = [
  Source,
  Input,
  Dataset,
  Annotation,
  Stream,
  ModelVersion,
  TrainingRun,
  User,
  DatasetGrant,
  ApiToken,
];
