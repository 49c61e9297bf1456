import type { Handlers } from '../../core/dispatcher';
import type { MachineService } from '../../services/machine/machine-service';

type MachineRequest =
  | 'machine.list'
  | 'machine.inspect'
  | 'machine.createDefaults'
  | 'machine.init'
  | 'machine.start'
  | 'machine.stop'
  | 'machine.remove'
  | 'machine.setRootless'
  | 'machine.startNativeService';

export function machineHandlers(machines: MachineService): Pick<Handlers, MachineRequest> {
  return {
    'machine.list': () => machines.list(),
    'machine.inspect': ({ name }) => machines.inspect(name),
    'machine.createDefaults': () => machines.createDefaults(),
    'machine.init': (params) => machines.init(params),
    'machine.start': ({ name }) => machines.start(name),
    'machine.stop': ({ name }) => machines.stop(name),
    'machine.remove': ({ name }) => machines.remove(name),
    'machine.setRootless': ({ name }) => machines.setRootless(name),
    'machine.startNativeService': () => machines.startNativeService(),
  };
}
