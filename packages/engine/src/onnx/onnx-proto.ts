/**
 * The few ONNX messages our exports use, encoded with `protobuf.ts`, plus the reader side the
 * backend and tests need (metadata, op types). Field numbers are those of onnx/onnx.proto
 * (github.com/onnx/onnx/blob/main/onnx/onnx.proto), cited per field; they never change meaning.
 *
 * We target IR version 8 and opset 17 of the default domain: both are read by every ONNX Runtime
 * since 1.13 (2022), by onnx ≥ 1.12 in Python and by onnxruntime-web, so a model version runs
 * outside Chorus too.
 */
import { ProtoWriter, fieldText, float32Bytes, readFields, type ProtoField } from './protobuf.js';

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

/** TensorProto.DataType values (onnx.proto `enum DataType`). */
export const DataType = { FLOAT: 1, INT64: 7 } as const;

/** AttributeProto.AttributeType values (onnx.proto `enum AttributeType`). */
const AttributeType = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  /** FLOAT tensors as float32, INT64 tensors as bigint64; stored as raw little-endian bytes. */
  data: Float32Array | BigInt64Array;
}

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  /** Integer, integer-list or float attributes (all our graphs need). */
  attributes?: Record<string, number | readonly number[]>;
}

/** A graph input/output: a tensor with named (symbolic) or fixed dimensions. */
export interface OnnxValueInfo {
  name: string;
  elemType: (typeof DataType)[keyof typeof DataType];
  shape: readonly (number | string)[];
  doc?: string;
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  doc?: string;
}

export interface OnnxModelOptions {
  producerName: string;
  producerVersion: string;
  doc?: string;
  /** ModelProto.metadata_props: string key/value pairs any ONNX runtime exposes. */
  metadata?: Record<string, string>;
}

/** Serializes a ModelProto. */
export function encodeOnnxModel(graph: OnnxGraph, options: OnnxModelOptions): Uint8Array {
  const w = new ProtoWriter(1024);
  w.varint(1, ONNX_IR_VERSION); // ModelProto.ir_version = 1
  w.string(2, options.producerName); // producer_name = 2
  w.string(3, options.producerVersion); // producer_version = 3
  if (options.doc) w.string(6, options.doc); // doc_string = 6
  w.message(7, (g) => writeGraph(g, graph)); // graph = 7
  w.message(8, (o) => o.string(1, '').varint(2, ONNX_OPSET)); // opset_import = 8: domain 1, version 2
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    w.message(14, (e) => e.string(1, key).string(2, value)); // metadata_props = 14: key 1, value 2
  }
  return w.finish();
}

function writeGraph(w: ProtoWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) w.message(1, (n) => writeNode(n, node)); // GraphProto.node = 1
  w.string(2, graph.name); // name = 2
  for (const tensor of graph.initializers) w.message(5, (t) => writeTensor(t, tensor)); // initializer = 5
  if (graph.doc) w.string(10, graph.doc); // doc_string = 10
  for (const value of graph.inputs) w.message(11, (v) => writeValueInfo(v, value)); // input = 11
  for (const value of graph.outputs) w.message(12, (v) => writeValueInfo(v, value)); // output = 12
}

function writeNode(w: ProtoWriter, node: OnnxNode): void {
  for (const input of node.inputs) w.string(1, input); // NodeProto.input = 1
  for (const output of node.outputs) w.string(2, output); // output = 2
  if (node.name) w.string(3, node.name); // name = 3
  w.string(4, node.opType); // op_type = 4
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    w.message(5, (a) => writeAttribute(a, name, value)); // attribute = 5
  }
}

function writeAttribute(w: ProtoWriter, name: string, value: number | readonly number[]): void {
  w.string(1, name); // AttributeProto.name = 1
  if (typeof value !== 'number') {
    w.varint(20, AttributeType.INTS).packedVarints(8, value); // type = 20, ints = 8
  } else if (Number.isInteger(value)) {
    w.varint(20, AttributeType.INT).varint(3, value); // i = 3
  } else {
    w.varint(20, AttributeType.FLOAT).float(2, value); // f = 2
  }
}

function writeTensor(w: ProtoWriter, tensor: OnnxTensor): void {
  const float = tensor.data instanceof Float32Array;
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if (count !== tensor.data.length) {
    throw new RangeError(
      `tensor ${tensor.name}: dims ${tensor.dims} ≠ ${tensor.data.length} values`,
    );
  }
  w.packedVarints(1, tensor.dims); // TensorProto.dims = 1
  w.varint(2, float ? DataType.FLOAT : DataType.INT64); // data_type = 2
  w.string(8, tensor.name); // name = 8
  // raw_data = 9: fixed-width little-endian, one copy of the table instead of 4-byte-per-value
  // packed floats (same size) or varints (slower to parse).
  const data = tensor.data;
  w.bytes(9, data instanceof Float32Array ? float32Bytes(data) : int64Bytes(data));
}

function int64Bytes(values: BigInt64Array): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, values[i]!, true);
  return out;
}

function writeValueInfo(w: ProtoWriter, value: OnnxValueInfo): void {
  w.string(1, value.name); // ValueInfoProto.name = 1
  w.message(2, (type) =>
    // TypeProto.tensor_type = 1 → Tensor.elem_type = 1, shape = 2 → TensorShapeProto.dim = 1
    type.message(1, (tensor) => {
      tensor.varint(1, value.elemType);
      tensor.message(2, (shape) => {
        for (const dim of value.shape) {
          // Dimension.dim_value = 1 (fixed) or dim_param = 2 (symbolic, e.g. "batch").
          shape.message(1, (d) => (typeof dim === 'number' ? d.varint(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
  if (value.doc) w.string(3, value.doc); // doc_string = 3
}

/** ModelProto.metadata_props (field 14) of serialized model bytes, without loading a runtime. */
export function readOnnxMetadata(model: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readFields(model).filter((f) => f.field === 14)) {
    const parts = readFields(entry.value as Uint8Array);
    const key = parts.find((p) => p.field === 1);
    const value = parts.find((p) => p.field === 2);
    if (key) out[fieldText(key)] = value ? fieldText(value) : '';
  }
  return out;
}

/** What a serialized model declares: IR version, opsets, and each node's domain and op type. */
export interface OnnxModelSummary {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  nodes: { opType: string; domain: string }[];
  initializers: string[];
  inputs: string[];
  outputs: string[];
}

/** Decodes the structure of model bytes (graph walk for audits and tests). */
export function summarizeOnnxModel(model: Uint8Array): OnnxModelSummary {
  const top = readFields(model);
  const text = (fields: ProtoField[], n: number) => {
    const f = fields.find((x) => x.field === n);
    return f ? fieldText(f) : '';
  };
  const sub = (f: ProtoField) => readFields(f.value as Uint8Array);
  const graph = sub(top.find((f) => f.field === 7)!);
  const of = (n: number) => graph.filter((f) => f.field === n).map(sub);
  return {
    irVersion: Number(top.find((f) => f.field === 1)?.value ?? 0),
    opsets: top
      .filter((f) => f.field === 8)
      .map(sub)
      .map((o) => ({ domain: text(o, 1), version: Number(o.find((f) => f.field === 2)?.value) })),
    nodes: of(1).map((n) => ({ opType: text(n, 4), domain: text(n, 7) })),
    initializers: of(5).map((t) => text(t, 8)),
    inputs: of(11).map((v) => text(v, 1)),
    outputs: of(12).map((v) => text(v, 1)),
  };
}
