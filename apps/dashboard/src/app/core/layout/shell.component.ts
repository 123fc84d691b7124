import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';

import { AuthService } from '../auth/auth.service';
import { SOURCE_VIEWER_ROLES } from '../../features/sources/sources-access.guard';
import { ActivityIndicatorComponent } from './activity-indicator.component';
import { LanguageSwitchComponent } from './language-switch.component';

@Component({
  selector: 'asc-shell',
  imports: [MatToolbarModule, MatButtonModule, RouterLink, RouterLinkActive, RouterOutlet, TranslatePipe, LanguageSwitchComponent, ActivityIndicatorComponent],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly user = this.auth.user;
  protected readonly canSeeSources = computed(() => SOURCE_VIEWER_ROLES.includes(this.user()?.role ?? ''));

  protected logout(): void {
    this.auth.logout().subscribe({
      complete: () => void this.router.navigate(['/login']),
      // The local session is forgotten even if the server could not be told.
      error: () => void this.router.navigate(['/login']),
    });
  }
}
