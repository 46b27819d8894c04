import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../http/errors';
import { calendarDay, pastDateTime, text } from '../http/inputs';
import { addWorkingDays } from '../../domain/working-days';
import { NATIONAL_CALENDAR } from '../platform/calendar/national';
import { manifestConfig } from '../../domain/streams';
import { organisations } from '../platform/organisations/schema';
import { badRequest } from '../http/errors';
import { firstTruck, verifiedTransporters, type ManifestHooks } from '../manifests/hooks';
import { licensedReceivers } from './receivers';

// 危险废物: a receiver licensed for the code with capacity left on the day, a dangerous-goods vehicle
// and a driver of the first transporter; the manifest carries the hazard, packaging, dangerous-goods
// class, emergency measures, truck and permit (危险废物转移管理办法 第十条).
const createBody = z.object({
  batchIds: z.array(z.uuid()).min(1).max(200), receiverId: z.uuid(), transporterIds: z.array(z.uuid()).min(1).max(5), vehicleId: z.uuid(), driverId: z.uuid(),
  plannedDate: calendarDay, dangerousGoodsClass: text(80).pipe(z.string().min(1)), emergencyMeasures: text(500).pipe(z.string().min(1)), packaging: text(60).optional(), producerContact: text(80).optional(),
  // 第二十条: a paper manifest used when the system was down is entered afterwards.
  paper: z.object({ paperNumber: text(40).pipe(z.string().min(1)), transferredAt: pastDateTime }).strict().optional(),
}).strict();

export const hazardousHooks: ManifestHooks = {
  createBody,

  prepare(raw) {
    const body = raw as z.infer<typeof createBody>;
    if (body.paper) {
      if (body.paper.transferredAt.getTime() > Date.now()) throw new AppError(400, 'PAPER_IN_FUTURE', { zh: '纸质联单的转移时间不能晚于现在', en: 'A paper manifest cannot be dated in the future' }, 'paper.transferredAt');
      const days = manifestConfig('hazardous').paperEntryWorkingDays;
      if (addWorkingDays(body.paper.transferredAt, days, NATIONAL_CALENDAR).getTime() < Date.now()) {
        throw new AppError(400, 'PAPER_TOO_LATE', { zh: `纸质联单须在转移完成后${days}个工作日内补录`, en: `A paper manifest must be entered within ${days} working days` }, 'paper.transferredAt');
      }
    }
    return body;
  },

  async parties(tx, input, { wasteCode, declaredWeightT }) {
    const [receiver] = input.receiverId ? await tx.select().from(organisations).where(eq(organisations.id, input.receiverId)) : [];
    if (!receiver || receiver.status !== 'verified' || !(receiver.capabilities.includes('receiver') || receiver.capabilities.includes('collector'))) throw badRequest('NOT_A_RECEIVER', '接受单位不存在或不是已审核的利用处置单位', 'The receiver is not a verified licensed operator', 'receiverId');
    const candidates = await licensedReceivers(tx, wasteCode, input.plannedDate);
    const licensed = candidates.find((c) => c.id === receiver.id);
    if (!licensed) throw badRequest('RECEIVER_NOT_LICENSED', `${receiver.name} 的经营许可证不包括 ${wasteCode}（或不在有效期内）`, `${receiver.name} holds no valid licence for ${wasteCode}`, 'receiverId');
    if (licensed.remainingT < declaredWeightT) {
      throw badRequest('RECEIVER_OVER_CAPACITY', `${receiver.name} 今年剩余许可能力 ${licensed.remainingT} 吨，不足 ${declaredWeightT} 吨`, `${receiver.name} has ${licensed.remainingT} t of licensed capacity left this year, less than ${declaredWeightT} t`, 'receiverId');
    }
    if (!input.transporterIds.length) throw badRequest('NOT_A_TRANSPORTER', '请选择承运单位', 'Choose the transporter', 'transporterIds');
    const transporterIds = await verifiedTransporters(tx, input.transporterIds);
    const { vehicle, driver } = await firstTruck(tx, transporterIds[0], input, declaredWeightT);
    if (!vehicle.dgPermitNo) throw badRequest('VEHICLE_NO_PERMIT', `车辆 ${vehicle.plate} 无危险货物道路运输许可`, `Vehicle ${vehicle.plate} has no dangerous-goods permit`, 'vehicleId');
    return { receiver, transporterIds, vehicle, driver };
  },

  data(input, load, parties) {
    return {
      physicalForm: load.physicalForm, hazard: load.batches[0].hazard, packaging: input.packaging ?? load.batches[0].containerType, containerCount: load.batches.reduce((n, b) => n + b.containerCount, 0),
      dangerousGoodsClass: input.dangerousGoodsClass, emergencyMeasures: input.emergencyMeasures, vehicleId: parties.vehicle!.id, driverId: parties.driver!.id,
      vehiclePlate: parties.vehicle!.plate, driverName: parties.driver!.name, vehiclePermitNo: parties.vehicle!.dgPermitNo,
      ...(input.paper ? { paperNumber: input.paper.paperNumber, paperTransferredAt: input.paper.transferredAt.toISOString() } : {}),
    };
  },
};
