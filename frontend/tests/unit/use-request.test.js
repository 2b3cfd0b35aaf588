// useRequest: the one way a screen calls the API (busy, a Russian error, the ApiError to onError, latest only).
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/api.js'
import { useRequest } from '../../src/composables/useRequest.js'
import { deferred } from './helpers.js'

describe('useRequest', () => {
  it('is busy while the call runs and answers its result', async () => {
    const { busy, error, run } = useRequest()
    const call = deferred()
    const answer = run(() => call.promise)
    expect(busy.value).toBe(true)
    call.resolve(7)
    expect(await answer).toBe(7)
    expect(busy.value).toBe(false)
    expect(error.value).toBe('')
  })

  it('puts the server’s Russian detail into error and hands the ApiError to onError', async () => {
    const { error, run } = useRequest()
    let seen = null
    const refusal = new ApiError({ status: 412, code: 'stale_revision', detail: 'Запись изменена' })
    expect(await run(() => Promise.reject(refusal), { onError: (err) => (seen = err) })).toBeUndefined()
    expect(error.value).toBe('Запись изменена')
    expect(seen).toBe(refusal)
    await run(() => Promise.resolve(1))
    expect(error.value).toBe('')
  })

  it('with latest, a call overtaken by a newer one neither answers, shows its error nor ends busy', async () => {
    const { busy, error, run } = useRequest()
    const first = deferred()
    const second = deferred()
    const older = run(() => first.promise, { latest: true })
    const newer = run(() => second.promise, { latest: true })
    first.reject(new ApiError({ status: 503 }))
    expect(await older).toBeUndefined()
    expect(error.value).toBe('')
    expect(busy.value).toBe(true)
    second.resolve('свежий')
    expect(await newer).toBe('свежий')
    expect(busy.value).toBe(false)
  })
})
