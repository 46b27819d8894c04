import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors';

/** The one photo of a multipart form (field "photo"), as bytes; its type is read from them by the photo store. */
export async function readPhotoUpload(request: FastifyRequest): Promise<Buffer> {
  let bytes: Buffer | null = null;
  if (request.isMultipart()) for await (const part of request.parts()) if (part.type === 'file') bytes = await part.toBuffer();
  if (!bytes) throw badRequest('PHOTO_REQUIRED', '请选择要上传的照片', 'Choose a photo to upload', 'photo');
  return bytes;
}

/** A multipart form with one spreadsheet (.xlsx or .csv) and its text fields. */
export async function readSpreadsheetUpload(request: FastifyRequest, what: { zh: string; en: string }): Promise<{ buffer: Buffer; filename: string; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw badRequest('FILE_REQUIRED', `请上传${what.zh}文件（.xlsx 或 .csv）`, `Upload a ${what.en} file (.xlsx or .csv)`, 'file');
  let buffer: Buffer | null = null;
  let filename = '';
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') { buffer = await part.toBuffer(); filename = part.filename; } else fields[part.fieldname] = String(part.value);
  }
  if (!buffer || !/\.(xlsx|csv)$/i.test(filename)) throw badRequest('FILE_TYPE', '请上传 .xlsx 或 .csv 文件', 'Upload an .xlsx or .csv file', 'file');
  return { buffer, filename, fields };
}
