import { Annotation } from '../datasets/annotation.entity.js';
import { Dataset } from '../datasets/dataset.entity.js';
import { Input } from '../sources/input.entity.js';
import { Source } from '../sources/source.entity.js';

export const entities = [Source, Input, Dataset, Annotation];
