import { alertStreamSettingsFrom, DEFAULT_ALERT_STREAM_SETTINGS } from './alert-stream.settings';

describe('the alert stream settings of the policy file', () => {
  it('are the defaults when the section is empty: a heartbeat every 15 s, a retry after 2 s', () => {
    expect(alertStreamSettingsFrom({})).toEqual({ heartbeatMs: 15_000, retryMs: 2_000 });
    expect(DEFAULT_ALERT_STREAM_SETTINGS).toEqual({ heartbeatMs: 15_000, retryMs: 2_000 });
  });

  it('take the values given, frozen', () => {
    const settings = alertStreamSettingsFrom({ heartbeatMs: 500 });
    expect(settings).toEqual({ heartbeatMs: 500, retryMs: 2_000 });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('refuse an unknown key or a value out of range, naming it', () => {
    expect(() => alertStreamSettingsFrom({ heartbeat: 500 })).toThrow(/unknown heartbeat; the settings are heartbeatMs, retryMs/);
    expect(() => alertStreamSettingsFrom({ heartbeatMs: 50 })).toThrow(/heartbeatMs must be a whole number of milliseconds from 100/);
    expect(() => alertStreamSettingsFrom({ retryMs: '2000' })).toThrow(/retryMs/);
  });
});
