import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  TabConfigForm,
  type ChannelTabView,
} from '../../src/features/tab-config/tab-config-form.tsx';
import { renderPage } from './render-page.tsx';

/** The form as its page uses it: the parent keeps the choice. */
function StatefulForm({ onChange }: { onChange: (view: ChannelTabView) => void }) {
  const [value, setValue] = useState<ChannelTabView>('triage');
  return (
    <TabConfigForm
      value={value}
      onChange={(view) => {
        onChange(view);
        setValue(view);
      }}
    />
  );
}

function renderForm() {
  const onChange = vi.fn<(view: ChannelTabView) => void>();
  renderPage(<StatefulForm onChange={onChange} />);
  return {
    user: userEvent.setup(),
    onChange,
    triage: screen.getByRole('radio', { name: /^Forespørsler til behandling/ }),
    reviews: screen.getByRole('radio', { name: /^Tilgangsgjennomganger/ }),
  };
}

describe('TabConfigForm', () => {
  it('offers the two channel views, with the current one chosen', () => {
    const { triage, reviews } = renderForm();
    expect(screen.getByRole('heading', { name: 'Sett opp fanen' })).toBeVisible();
    expect(screen.getByRole('radiogroup', { name: 'Visning' })).toBeVisible();
    expect(screen.getAllByRole('radio')).toHaveLength(2);
    expect(triage).toBeChecked();
    expect(reviews).not.toBeChecked();
    expect(triage).toHaveAccessibleName(/Køen til systemansvarlig i Dokumentsenteret\./);
  });

  it('reports the access reviews when they are chosen', async () => {
    const { user, onChange, reviews } = renderForm();
    await user.click(reviews);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith('reviews');
    expect(reviews).toBeChecked();
  });

  it('moves the choice with the arrow keys', async () => {
    const { user, onChange, triage, reviews } = renderForm();
    await user.tab();
    expect(triage).toHaveFocus();

    await user.keyboard('{ArrowDown}');
    expect(reviews).toHaveFocus();
    expect(reviews).toBeChecked();
    expect(onChange).toHaveBeenLastCalledWith('reviews');

    await user.keyboard('{ArrowUp}');
    expect(triage).toBeChecked();
    expect(onChange).toHaveBeenLastCalledWith('triage');
  });
});
